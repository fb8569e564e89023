import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Issue 9's acceptance runs with real `ukms run` processes on loopback (v2 hybrid on the embedded
 * fake QKD in link mode). Prints a table per run. After `mvn -q -DskipTests package`,
 * bench/hostile.sh compiles this folder and runs it from the repository root:
 *
 *   bench/hostile.sh hub 100 300          # N peers, seconds
 *   bench/hostile.sh kill9 100            # rounds of kill -9
 *   bench/hostile.sh tmpfs                # root: state on a full tmpfs
 *   bench/hostile.sh attack               # delayed confirm via a proxy
 *   bench/hostile.sh slowloris 200 60     # half-open connections
 *   bench/hostile.sh senders 10000 8192   # fake sender names
 */
public class HostileBench {
  private HostileBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("ukms-hostile");
    for (String secret : new String[] {"pair.key", "link.secret"}) {
      Files.writeString(dir.resolve(secret), b64(32));
      Files.setPosixFilePermissions(dir.resolve(secret),
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
    Nodes nodes = new Nodes(dir);
    switch (args.length == 0 ? "" : args[0]) {
      case "hub" -> new HubRuns(nodes).hub(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "kill9" -> new HubRuns(nodes).kill9(Integer.parseInt(args[1]));
      case "tmpfs" -> new FaultRuns(nodes).tmpfs();
      case "attack" -> new FaultRuns(nodes).attack();
      case "slowloris" -> new FloodRuns(nodes).slowloris(Integer.parseInt(args[1]),
          Integer.parseInt(args[2]));
      case "senders" -> new FloodRuns(nodes).senders(Integer.parseInt(args[1]),
          Integer.parseInt(args[2]));
      default -> {
        System.err.println("usage: HostileBench hub N SECONDS | kill9 ROUNDS | tmpfs | attack"
            + " | slowloris CONNECTIONS SECONDS | senders REQUESTS BYTES");
        System.exit(2);
      }
    }
  }

  private static String b64(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}

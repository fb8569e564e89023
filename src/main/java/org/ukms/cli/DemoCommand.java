package org.ukms.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.ukms.config.ConfigException;
import org.ukms.daemon.Demo;
import org.ukms.daemon.Environment;
import org.ukms.daemon.Logs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ukms demo}: the example topology in one process, with a live table. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run alice, bob and carol of example/ in one process on loopback, with the "
        + "fake QKD API in link mode, rotating every few seconds, and show per pair the "
        + "rotations, last key_IDs, each side's PSK fingerprint and whether they agree.",
        "In a checkout it runs example/ of the working folder and writes PSKs to "
            + "psk/<node>/<peer>.key; elsewhere it runs the copy of example/ inside the jar in a "
            + "new temporary folder, whose name it prints."})
final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--rotations", paramLabel = "N",
      description = "Stop after N rotations of every pair; exit 0 only if all pairs agree.")
  Integer rotations;

  @Option(names = "--key-source", paramLabel = "SOURCE", defaultValue = "etsi014",
      description = "etsi014 (the embedded fake KME) or etsi004 (an ETSI 004 mock key manager "
          + "per node) (default: ${DEFAULT-VALUE}).")
  String keySource;

  @Option(names = "--json", description = "Print the final result as JSON (with --rotations).")
  boolean json;

  @Option(names = "--period", paramLabel = "SECONDS", defaultValue = "3",
      description = "Rotation period (default: ${DEFAULT-VALUE}).")
  int period;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "With --rotations, give up after this long (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Override
  public Integer call() throws InterruptedException, IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (rotations != null && rotations < 1 || period < 1 || timeout < 1) {
      err.println("ukms demo: --rotations, --period and --timeout must be positive");
      return ExitCodes.USAGE_OR_CONFIG;
    }
    if (json && rotations == null) {
      err.println("ukms demo: --json needs --rotations N");
      return ExitCodes.USAGE_OR_CONFIG;
    }
    if (!keySource.equals("etsi014") && !keySource.equals("etsi004")) {
      err.println("ukms demo: --key-source: expected etsi014 or etsi004, found " + keySource);
      return ExitCodes.USAGE_OR_CONFIG;
    }
    Path root = root(Path.of("").toAbsolutePath(), err);
    Logs.install(System.err, false, json ? Level.SEVERE : Level.WARNING);
    Demo demo;
    try {
      demo = Demo.start(root, Duration.ofSeconds(period), Environment.system(),
          keySource.equals("etsi004"));
    } catch (ConfigException e) {
      ConfigOption.report(e, err);
      return ExitCodes.USAGE_OR_CONFIG;
    }
    try {
      if (rotations == null) {
        Signals.onTermination(demo::close);
        CountDownLatch never = new CountDownLatch(1);
        String last = "";
        while (!never.await(1, TimeUnit.SECONDS)) {
          last = show(out, demo.pairs(), last);
        }
        return ExitCodes.OK;
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
      String last = "";
      while (!done(demo.pairs()) && System.nanoTime() < deadline) {
        if (!json) {
          last = show(out, demo.pairs(), last);
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      demo.drain();
      boolean reached = done(demo.pairs());
      boolean agree = demo.filesAgree() && demo.pairs().stream().allMatch(Demo.PairState::agree);
      if (json) {
        out.println(json(demo, reached && agree));
      } else {
        show(out, demo.pairs(), "");
        out.println(!reached ? "FAILED: not every pair reached " + rotations + " rotations in "
            + timeout + " s" : agree ? "OK: every pair holds equal PSK files"
            : "FAILED: some pairs' PSK files differ");
      }
      out.flush();
      return reached && agree ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
    } finally {
      demo.close();
    }
  }

  /**
   * The folder to run in: the working folder when it holds {@code example/} (a checkout), else a
   * fresh temporary folder holding the copy of {@code example/} that ships in the jar.
   */
  static Path root(Path workDir, PrintWriter err) throws IOException {
    if (Files.isDirectory(workDir.resolve("example"))) {
      return workDir;
    }
    Path root = Demo.unpackExample(Files.createTempDirectory("ukms-demo-"));
    err.println("ukms demo: no example/ here; running the bundled example in " + root);
    err.flush();
    return root;
  }

  private boolean done(List<Demo.PairState> pairs) {
    return pairs.stream().allMatch(p -> p.rotations() >= rotations);
  }

  /** Prints the table if it changed; returns what it printed. */
  private static String show(PrintWriter out, List<Demo.PairState> pairs, String last) {
    StringBuilder t = new StringBuilder(String.format("%-11s %9s  %-36s  %-16s  %-16s  %s%n",
        "pair", "rotations", "last key_ID", "fingerprint a",
        "fingerprint b", "agree"));
    for (Demo.PairState p : pairs) {
      t.append(String.format("%-11s %9d  %-36s  %-16s  %-16s  %s%n", p.a() + "-" + p.b(),
          p.rotations(), p.remoteKeyId() == null ? "-" : p.remoteKeyId().value(),
          p.fingerprintA() == null ? "-" : p.fingerprintA(),
          p.fingerprintB() == null ? "-" : p.fingerprintB(), p.agree() ? "yes" : "not yet"));
    }
    String table = t.toString();
    if (!table.equals(last)) {
      out.print(table);
      out.println();
      out.flush();
    }
    return table;
  }

  private static String json(Demo demo, boolean ok) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode().put("ok", ok);
    ArrayNode pairs = root.putArray("pairs");
    for (Demo.PairState p : demo.pairs()) {
      ObjectNode o = pairs.addObject().put("a", p.a()).put("b", p.b())
          .put("rotations", p.rotations())
          .put("local_key_id", p.localKeyId() == null ? null : p.localKeyId().value())
          .put("remote_key_id", p.remoteKeyId() == null ? null : p.remoteKeyId().value())
          .put("fingerprint_a", p.fingerprintA()).put("fingerprint_b", p.fingerprintB())
          .put("agree", p.agree());
      o.put("psk_file_a", demo.pskFile(p.a(), p.b()).toString());
      o.put("psk_file_b", demo.pskFile(p.b(), p.a()).toString());
    }
    return mapper.writeValueAsString(root);
  }
}

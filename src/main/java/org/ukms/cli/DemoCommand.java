package org.ukms.cli;

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
import org.ukms.daemon.DemoLinks;
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
          + "per node; with --link bb84 the embedded fake KMEs serve ETSI 004 from their BB84 "
          + "links) (default: ${DEFAULT-VALUE}).")
  String keySource;

  @Option(names = "--link", paramLabel = "LINK", defaultValue = "prf",
      description = "prf (the fake KMEs share a link secret and compute each key from it) or "
          + "bb84 (a simulated BB84 link between the fake KMEs of each pair) (default: "
          + "${DEFAULT-VALUE}).")
  String link;

  @Option(names = "--eavesdropper",
      description = "With --link bb84: an intercept-resend attacker on every link; the links "
          + "abort and no keys are delivered, so the run fails.")
  boolean eavesdropper;

  @Option(names = "--json", description = "Print the final result as JSON (with --rotations).")
  boolean json;

  @Option(names = "--period", paramLabel = "SECONDS", defaultValue = "3",
      description = "Rotation period (default: ${DEFAULT-VALUE}).")
  int period;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60",
      description = "With --rotations, give up after this long: seconds, or with a unit "
          + "(500ms, 20s, 2m) (default: ${DEFAULT-VALUE} s).")
  String timeoutText;

  /** Where the demo runs (the working folder); tests point it elsewhere. */
  Path workDir = Path.of("").toAbsolutePath();

  @Override
  public Integer call() throws InterruptedException, IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration timeout = duration(timeoutText);
    if (rotations != null && rotations < 1 || period < 1 || timeout == null
        || timeout.isNegative() || timeout.isZero()) {
      err.println("ukms demo: --rotations and --period must be positive, --timeout a positive "
          + "number of seconds or a duration such as 20s, found " + timeoutText);
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
    if (!link.equals("prf") && !link.equals("bb84")) {
      err.println("ukms demo: --link: expected prf or bb84, found " + link);
      return ExitCodes.USAGE_OR_CONFIG;
    }
    if (eavesdropper && !link.equals("bb84")) {
      err.println("ukms demo: --eavesdropper needs --link bb84");
      return ExitCodes.USAGE_OR_CONFIG;
    }
    Path root = root(workDir, err);
    Logs.install(System.err, false, json ? Level.SEVERE : Level.WARNING);
    Demo demo;
    try {
      demo = Demo.start(root, Duration.ofSeconds(period), Environment.system(),
          keySource.equals("etsi004"),
          link.equals("bb84") ? new DemoLinks(eavesdropper) : null);
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
          last = DemoOutput.show(out, demo, last);
        }
        return ExitCodes.OK;
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      String last = "";
      boolean attacked = false;
      while (!done(demo.pairs()) && System.nanoTime() < deadline
          && !(attacked = demo.linksAllAborted())) {
        if (!json) {
          last = DemoOutput.show(out, demo, last);
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      demo.drain();
      boolean reached = done(demo.pairs());
      boolean agree = demo.filesAgree() && demo.pairs().stream().allMatch(Demo.PairState::agree);
      if (json) {
        out.println(DemoOutput.json(demo, reached && agree, link));
      } else {
        DemoOutput.show(out, demo, "");
        out.println(attacked ? "FAILED: every BB84 link aborted block after block (QBER above "
            + "the threshold: an eavesdropper); no keys were delivered and the daemons failed "
            + "closed" : !reached ? "FAILED: not every pair reached " + rotations
            + " rotations in " + timeoutText : agree ? "OK: every pair holds equal PSK files"
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

  /** Seconds, or a number with ms, s or m; null when it is neither. */
  static Duration duration(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)?")
        .matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return "ms".equals(m.group(2)) ? Duration.ofMillis(n)
        : "m".equals(m.group(2)) ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
  }
}

package org.ukms.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * A recording stand-in for {@code wg}: each run leaves its arguments, environment and stdin in a
 * folder of its own under {@code calls/}, in start order, and fails (exit 1 with wg's message)
 * while a {@code fail} file exists. Tests use it to see exactly what ukms passes to wg, and where.
 * {@code wg show IFACE public-key} (ukms check's probe) is answered, not recorded: every interface
 * exists unless {@link #removeInterface} removed it.
 */
public final class FakeWg {
  public final Path program;
  private final Path home;

  /**
   * One recorded run; {@code listening} says whether the probed port accepted a connection while
   * wg ran (null without {@link #probe}).
   */
  public record Call(List<String> args, String environment, String stdin, Boolean listening) {}

  public FakeWg(Path home) throws IOException {
    this.home = Files.createDirectories(home);
    this.program = home.resolve("wg");
    Files.writeString(program, String.join("\n",
        "#!/bin/bash",
        "home=\"${0%/*}\"", // no dirname: a test may run it with PATH holding only its folder
        "if [ \"$1\" = show ] && [ \"$3\" = public-key ]; then",
        "  if [ -e \"$home/no-device-$2\" ]; then",
        "    echo 'Unable to access interface: No such device' >&2",
        "    exit 1",
        "  fi",
        "  echo 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg='",
        "  exit 0",
        "fi",
        "mkdir -p \"$home/calls\"",
        "call=$(mktemp -d \"$home/calls/$(date +%s%N)-XXXXXX\")",
        "printf '%s\\n' \"$@\" > \"$call/args\"",
        "env > \"$call/env\"",
        "cat > \"$call/stdin\"",
        "while [ -e \"$home/hold\" ]; do touch \"$home/waiting\"; sleep 0.01; done # held",
        "if [ -e \"$home/probe-port\" ]; then",
        "  if (exec 3<>\"/dev/tcp/127.0.0.1/$(cat \"$home/probe-port\")\") 2>/dev/null; then",
        "    echo yes > \"$call/listening\"",
        "  else",
        "    echo no > \"$call/listening\"",
        "  fi",
        "fi",
        "if [ -e \"$home/fail\" ]; then",
        "  echo 'Unable to modify interface: No such device' >&2",
        "  exit 1",
        "fi",
        "# Keep what 'set IF peer PUB preshared-key /dev/stdin' applied, for 'show IF preshared-keys'.",
        "if [ \"$1\" = set ] && [ \"$5\" = preshared-key ]; then",
        "  touch \"$home/psk-$2\"",
        "  { grep -v \"^$4\t\" \"$home/psk-$2\"; printf '%s\\t%s\\n' \"$4\" \"$(cat \"$call/stdin\")\"; }"
            + " > \"$home/psk-$2.new\"",
        "  mv \"$home/psk-$2.new\" \"$home/psk-$2\"",
        "elif [ \"$1\" = show ] && [ \"$3\" = preshared-keys ]; then",
        "  [ -e \"$home/psk-$2\" ] || { echo \"Unable to access interface: No such device\" >&2; exit 1; }",
        "  cat \"$home/psk-$2\"",
        "fi",
        ""));
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
  }

  public void failing(boolean fail) throws IOException {
    if (fail) {
      Files.writeString(home.resolve("fail"), "");
    } else {
      Files.deleteIfExists(home.resolve("fail"));
    }
  }

  /** From now on {@code wg show name public-key} fails as wg does for a missing interface. */
  public void removeInterface(String name) throws IOException {
    Files.writeString(home.resolve("no-device-" + name), "");
  }

  /** While held, each run waits (after recording its input) until {@link #release()}. */
  public void hold() throws IOException {
    Files.writeString(home.resolve("hold"), "");
  }

  /** Whether a run is waiting because of {@link #hold()}. */
  public boolean waiting() {
    return Files.exists(home.resolve("waiting"));
  }

  public void release() throws IOException {
    Files.deleteIfExists(home.resolve("hold"));
  }

  /** From now on each run records whether 127.0.0.1:{@code port} accepts connections. */
  public void probe(int port) throws IOException {
    Files.writeString(home.resolve("probe-port"), Integer.toString(port));
  }

  public List<Call> calls() throws IOException {
    Path calls = home.resolve("calls");
    if (!Files.isDirectory(calls)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(calls)) {
      return dirs.sorted().map(d -> {
        try {
          return new Call(Files.readAllLines(d.resolve("args")),
              Files.readString(d.resolve("env")),
              Files.readString(d.resolve("stdin"), StandardCharsets.US_ASCII),
              Files.exists(d.resolve("listening"))
                  ? Files.readString(d.resolve("listening")).strip().equals("yes") : null);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).toList();
    }
  }
}

package org.ukms.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.ukms.daemon.PskFingerprints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ukms fingerprint [FILE|-]}: the psk_fingerprint the logs print, for a PSK or wg. */
@Command(name = "fingerprint", mixinStandardHelpOptions = true,
    description = {"Print the fingerprint the logs use (psk_fingerprint=) of the PSK in FILE, "
        + "or on standard input with - or no FILE.",
        "The input is one PSK line, as wg genpsk prints and ukms writes, or the output of "
            + "wg show IFACE preshared-keys: then one line per peer, "
            + "<peer public key> <fingerprint>, or none for a peer without a PSK.",
        "Compare the result with the logs of both nodes; the key itself is never printed."})
final class FingerprintCommand implements Callable<Integer> {
  /** Larger inputs are no PSK file and no wg output of a sane interface. */
  static final int MAX_BYTES = 1 << 20;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "0..1", defaultValue = "-",
      description = "A PSK file, or - (the default) for standard input.")
  String file;

  private final InputStream stdin;

  FingerprintCommand() {
    this(System.in);
  }

  FingerprintCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    boolean fromStdin = file.equals("-");
    String name = fromStdin ? "<stdin>" : file;
    byte[] raw;
    try {
      raw = fromStdin ? stdin.readNBytes(MAX_BYTES + 1) : read(Path.of(file));
    } catch (NoSuchFileException e) {
      return usage(name + ": no such file");
    } catch (AccessDeniedException e) {
      return usage(name + ": cannot read (permission denied)");
    } catch (IOException | RuntimeException e) {
      if (!fromStdin && Files.isDirectory(Path.of(file))) {
        return usage(name + ": is a folder, not a PSK file");
      }
      return usage(name + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    char[] text = new char[raw.length];
    for (int i = 0; i < raw.length; i++) {
      text[i] = (char) (raw[i] & 0xff);
    }
    Arrays.fill(raw, (byte) 0);
    try {
      if (text.length > MAX_BYTES) {
        return usage(name + ": larger than " + MAX_BYTES + " bytes, not a PSK file");
      }
      List<PskFingerprints.Entry> entries = PskFingerprints.of(text);
      entries.forEach(e -> spec.commandLine().getOut().println(e.line()));
      return ExitCodes.OK;
    } catch (PskFingerprints.MalformedException e) {
      return usage(name + ":" + e.line() + ": " + e.getMessage());
    } finally {
      Arrays.fill(text, '\0');
    }
  }

  private static byte[] read(Path path) throws IOException {
    if (Files.size(path) > MAX_BYTES) {
      return new byte[MAX_BYTES + 1];
    }
    return Files.readAllBytes(path);
  }

  private int usage(String message) {
    spec.commandLine().getErr().println("ukms fingerprint: " + message);
    return ExitCodes.USAGE_OR_CONFIG;
  }
}

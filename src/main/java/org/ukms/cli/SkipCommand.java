package org.ukms.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.ukms.crypto.Secret;
import org.ukms.tlspsk.PskFileException;
import org.ukms.tlspsk.PskFiles;
import org.ukms.tlspsk.PskHttpClient;
import org.ukms.tlspsk.PskHttpException;
import org.ukms.tlspsk.PskHttpReply;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ukms skip ...}: asks a SKIP Key Provider (draft-cisco-skip-02) over TLS-PSK, as an
 * encryptor would, and prints the JSON answer; for operators testing a Key Provider from a shell.
 */
@Command(name = "skip", mixinStandardHelpOptions = true,
    description = {"Ask a SKIP Key Provider over TLS-PSK, as a router would, and print its JSON "
        + "answer on standard output.",
        "Exits 0 on HTTP 200, 1 on another status or when the server cannot be reached or the "
            + "handshake fails (one line on standard error), 2 on usage errors or an unusable "
            + "PSK file. See docs/skip-tls.md."},
    subcommands = {SkipCommand.Capabilities.class, SkipCommand.GetKey.class,
        SkipCommand.GetKeyById.class, SkipCommand.Entropy.class})
final class SkipCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required "
        + "(capabilities, get-key, get-key-by-id, entropy); see ukms skip --help");
  }

  /** One GET: reads the PSK, asks, prints; the subclasses say what to ask for. */
  abstract static class Request implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin SkipOptions options;

    /** The request target, path and query, percent-encoded. */
    abstract String target();

    @Override
    public final Integer call() {
      CommandLine cli = spec.commandLine();
      String host = options.host(cli);
      int port = options.port(cli);
      Secret psk;
      try {
        psk = PskFiles.read(options.pskFile, options.format);
      } catch (PskFileException e) {
        cli.getErr().println("ukms skip: " + e.getMessage());
        return ExitCodes.USAGE_OR_CONFIG;
      }
      PskHttpReply reply;
      try {
        reply = PskHttpClient.of(host, port, options.identity, psk, options.tls).get(target());
      } catch (PskHttpException e) {
        cli.getErr().println("ukms skip: " + e.getMessage());
        return ExitCodes.RUNTIME_FAILURE;
      } finally {
        psk.destroy();
      }
      try {
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        cli.getOut().print(body.endsWith("\n") ? body : body + "\n");
        cli.getOut().flush();
      } finally {
        reply.wipe();
      }
      if (reply.status() != 200) {
        cli.getErr().println("ukms skip: " + options.server + " answered GET "
            + target().replaceAll("\\?.*", "") + " with HTTP " + reply.status());
        return ExitCodes.RUNTIME_FAILURE;
      }
      return ExitCodes.OK;
    }

    /** A query value or path segment, percent-encoded (spaces as %20, never +). */
    static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }

  @Command(name = "capabilities", mixinStandardHelpOptions = true,
      description = "GET /capabilities: this Key Provider's ID, the remote IDs it serves, and "
          + "whether it offers keys and entropy.")
  static final class Capabilities extends Request {
    @Override
    String target() {
      return "/capabilities";
    }
  }

  @Command(name = "get-key", mixinStandardHelpOptions = true,
      description = "GET /key?remoteSystemID=X[&size=BITS]: a new key shared with the Key "
          + "Provider X; prints its keyId and key (hex).")
  static final class GetKey extends Request {
    @Option(names = "--remote-system-id", required = true, paramLabel = "X",
        description = "The localSystemID of the other side's Key Provider.")
    String remote;

    @Option(names = "--size", paramLabel = "BITS",
        description = "Key size in bits (the server's default when absent, usually 256).")
    Integer size;

    @Override
    String target() {
      return "/key?remoteSystemID=" + encode(remote) + (size == null ? "" : "&size=" + size);
    }
  }

  @Command(name = "get-key-by-id", mixinStandardHelpOptions = true,
      description = "GET /key/HEX?remoteSystemID=X: the key the Key Provider X made with that "
          + "keyId; a Key Provider hands each key out once.")
  static final class GetKeyById extends Request {
    @Option(names = "--key-id", required = true, paramLabel = "HEX",
        description = "The keyId the other encryptor received (sent as given).")
    String keyId;

    @Option(names = "--remote-system-id", required = true, paramLabel = "X",
        description = "The localSystemID of the Key Provider that made the key.")
    String remote;

    @Override
    String target() {
      return "/key/" + encode(keyId) + "?remoteSystemID=" + encode(remote);
    }
  }

  @Command(name = "entropy", mixinStandardHelpOptions = true,
      description = "GET /entropy[?minentropy=BITS]: random bytes (hex), never used as keys.")
  static final class Entropy extends Request {
    @Option(names = "--minentropy", paramLabel = "BITS",
        description = "Bits of randomness (the server's default when absent, 256).")
    Integer minentropy;

    @Override
    String target() {
      return "/entropy" + (minentropy == null ? "" : "?minentropy=" + minentropy);
    }
  }
}

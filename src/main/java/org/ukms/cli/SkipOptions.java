package org.ukms.cli;

import java.nio.file.Path;
import java.util.List;
import org.ukms.config.HostPort;
import org.ukms.tlspsk.PskFormat;
import org.ukms.tlspsk.TlsVersion;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How {@code ukms skip} reaches a Key Provider: server, PSK identity, PSK file and its format, TLS
 * version. The PSK itself is only ever read from the file, never taken from argv or environment.
 */
final class SkipOptions {
  @Option(names = "--server", required = true, paramLabel = "HOST:PORT",
      description = "The Key Provider's SKIP listener, e.g. 127.0.0.1:8443 or [::1]:8443.")
  String server;

  @Option(names = "--psk-identity", required = true, paramLabel = "ID",
      description = "The PSK identity to present (the encryptor's psk id).")
  String identity;

  @Option(names = "--psk-file", required = true, paramLabel = "FILE",
      description = "The file holding the PSK on one line; it must be private (chmod 600).")
  Path pskFile;

  @Option(names = "--psk-format", paramLabel = "FORMAT", defaultValue = "hex",
      converter = FormatConverter.class, completionCandidates = Formats.class,
      description = "How the PSK file is written: hex (as IOS XE key hex) or ascii (as key 0); "
          + "default ${DEFAULT-VALUE}.")
  PskFormat format;

  @Option(names = "--tls", paramLabel = "VERSION", defaultValue = "1.3",
      converter = VersionConverter.class, completionCandidates = Versions.class,
      description = "TLS 1.3 (external PSK, TLS_AES_256_GCM_SHA384) or 1.2 (DHE-PSK); default "
          + "${DEFAULT-VALUE}.")
  TlsVersion tls;

  /** The host of {@code --server}, without brackets. */
  String host(CommandLine commandLine) {
    return server(commandLine).host();
  }

  int port(CommandLine commandLine) {
    return server(commandLine).port();
  }

  private HostPort server(CommandLine commandLine) {
    return HostPort.parse(server, 1).orElseThrow(() -> new CommandLine.ParameterException(
        commandLine, "--server: " + HostPort.expected(1) + ", found \"" + server + "\""));
  }

  static final class FormatConverter implements CommandLine.ITypeConverter<PskFormat> {
    @Override
    public PskFormat convert(String value) {
      try {
        return PskFormat.of(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class VersionConverter implements CommandLine.ITypeConverter<TlsVersion> {
    @Override
    public TlsVersion convert(String value) {
      try {
        return TlsVersion.of(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class Formats extends java.util.ArrayList<String> {
    Formats() {
      super(List.of("hex", "ascii"));
    }
  }

  static final class Versions extends java.util.ArrayList<String> {
    Versions() {
      super(List.of("1.3", "1.2"));
    }
  }
}

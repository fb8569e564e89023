package org.ukms.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import javax.net.ssl.SSLContext;
import org.ukms.config.HostPort;
import org.ukms.crypto.Secret;
import org.ukms.daemon.Logs;
import org.ukms.kme.CertificateField;
import org.ukms.kme.TlsMaterial;
import org.ukms.sim.CallerIdentity;
import org.ukms.sim.Etsi004RestServer;
import org.ukms.sim.Etsi004Server;
import org.ukms.sim.Etsi004Store;
import org.ukms.sim.EtsiFrontEnd;
import org.ukms.sim.Faults;
import org.ukms.sim.KmeServer;
import org.ukms.sim.LinkSecrets;
import org.ukms.sim.SimSettings;
import org.ukms.sim.SimulatedKme;
import org.ukms.sim.Simulators;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ukms kme}: a standalone simulated KME (ETSI 014, ETSI 004, or both). */
@Command(name = "kme", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a simulated QKD key manager until stopped: ETSI GS QKD 014 (REST), "
        + "ETSI GS QKD 004 (the ETSI reference binary binding or the qkd-module REST binding), "
        + "or both.",
        "Two instances with the same --link-secret-file are the two ends of one QKD link.",
        "Without TLS it serves the one SAE --sae-id, on loopback unless --allow-remote."})
final class KmeCommand implements Callable<Integer> {
  /** Requests answered at once (a few more than cores: injected latency sleeps on them). */
  static final int KME_THREADS = 32;
  /** ETSI 004 connections served at once (each is one request and one answer). */
  static final int ETSI004_CONNECTIONS = 64;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
      description = "Address to listen on, e.g. 127.0.0.1:8443 (port 0: any free port); with "
          + "--api 004 the ETSI 004 address.")
  String listen;

  @Option(names = "--api", paramLabel = "API", defaultValue = "014",
      description = "014, 004, or 014,004 for both (default: ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--binding", paramLabel = "BINDING", defaultValue = "etsi-binary",
      description = "ETSI 004 wire binding: etsi-binary, the ETSI reference binary binding, or "
          + "rest, the qkd-module REST binding (JSON under /api/v1/qkdm/actions) (default: "
          + "${DEFAULT-VALUE}). ETSI 004 needs --link-secret-file.")
  String binding;

  @Option(names = "--listen-004", paramLabel = "HOST:PORT",
      description = "With --api 014,004: the ETSI 004 address (014 stays on --listen).")
  String listen004;

  @Option(names = "--kme-id", required = true, paramLabel = "ID", description = "This KME's ID.")
  String kmeId;

  @Option(names = "--sae-id", paramLabel = "SAE",
      description = "The local SAE served without TLS (required without TLS).")
  String saeId;

  @Option(names = "--peer-sae", paramLabel = "SAE",
      description = "An SAE at the other end of the link (repeatable). When given, keys are "
          + "served for these SAEs only; without it, for any SAE, up to 64 SAE pairs.")
  List<String> peerSaes = new ArrayList<>();

  @Option(names = "--peer-kme-id", paramLabel = "ID", defaultValue = "peer",
      description = "The linked KME's ID, shown as target_KME_ID (default: ${DEFAULT-VALUE}).")
  String peerKmeId;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "link or ukms (default: link with a link secret, else ukms).")
  String mode;

  @Option(names = "--link-secret-file", paramLabel = "FILE",
      description = "Base64 of >= 32 random bytes, the same at both ends.")
  Path linkSecretFile;

  @Option(names = "--key-size", paramLabel = "BITS", defaultValue = "256",
      description = "Default key size (default: ${DEFAULT-VALUE}).")
  int keySize;

  @Option(names = "--max-keys", paramLabel = "N", defaultValue = "1000",
      description = "Pool size per SAE pair, max_key_count (default: ${DEFAULT-VALUE}).")
  int maxKeys;

  @Option(names = "--max-keys-per-request", paramLabel = "N", defaultValue = "16",
      description = "max_key_per_request (default: ${DEFAULT-VALUE}).")
  int maxPerRequest;

  @Option(names = "--rate", paramLabel = "BITS_PER_S", defaultValue = "10000",
      description = "Key generation rate; 0 never refills (default: ${DEFAULT-VALUE}).")
  long rate;

  @Option(names = "--key-ttl", paramLabel = "SECONDS", defaultValue = "0",
      description = "Keys expire after this long; 0 never (default: ${DEFAULT-VALUE}).")
  long keyTtl;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Server certificate chain.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "Server key (PKCS#8).")
  Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "PEM",
      description = "CA(s) that sign SAE client certificates (required with TLS).")
  Path tlsClientCa;

  @Option(names = "--sae-id-from", paramLabel = "FIELD", defaultValue = "cn",
      description = "Client certificate field holding the SAE ID: cn, san-uri, san-dns, serial "
          + "(default: ${DEFAULT-VALUE}).")
  String saeIdFrom;

  @Option(names = "--allow-remote", description = "Without TLS, accept non-loopback clients.")
  boolean allowRemote;

  @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0",
      description = "Fault: added latency per request.")
  long latencyMs;

  @Option(names = "--fail-ratio", paramLabel = "R", defaultValue = "0",
      description = "Fault: share of requests answered 503 (0..1).")
  double failRatio;

  @Option(names = "--drop-ratio", paramLabel = "R", defaultValue = "0",
      description = "Fault: share of answers lost after the keys were consumed (0..1).")
  double dropRatio;

  @Option(names = "--exhausted-status", paramLabel = "CODE", defaultValue = "503",
      description = "Answer when the pool cannot serve a request: 503 or 400.")
  int exhaustedStatus;

  @Option(names = "--wrong-master-status", paramLabel = "CODE", defaultValue = "401",
      description = "Answer to dec_keys naming the wrong master: 401 or 400.")
  int wrongMasterStatus;

  @CommandLine.Mixin Etsi004SimOptions etsi004 = new Etsi004SimOptions();
  @CommandLine.Mixin Bb84Options bb84 = new Bb84Options();

  @Option(names = "--refuse-optional-extensions",
      description = "Answer unknown extension_optional entries with 400.")
  boolean refuseOptional;

  @Override
  public Integer call() throws InterruptedException {
    Logs.install(System.err, System.getenv("JOURNAL_STREAM") != null, Level.INFO);
    boolean serve014 = api.equals("014") || api.equals("014,004") || api.equals("004,014");
    boolean serve004 = api.equals("004") || api.equals("014,004") || api.equals("004,014");
    if (!serve014 && !serve004) {
      return usage("--api: expected 014, 004 or 014,004, found " + api);
    }
    if (!binding.equals("etsi-binary") && !binding.equals("rest")) {
      return usage("--binding: expected etsi-binary or rest, found " + binding);
    }
    if (serve004 && linkSecretFile == null) {
      return usage("--api 004 needs --link-secret-file: the two ends derive each key from it");
    }
    if (serve014 && serve004 && listen004 == null) {
      return usage("--api 014,004 needs --listen-004 HOST:PORT for ETSI 004 (014 is on --listen)");
    }
    boolean tls = tlsCert != null || tlsKey != null || tlsClientCa != null;
    if (tls && (tlsCert == null || tlsKey == null || tlsClientCa == null)) {
      return usage("--tls-cert, --tls-key and --tls-client-ca go together");
    }
    if (!tls && (saeId == null || saeId.isBlank())) {
      return usage("--sae-id is required without TLS (the one local SAE this KME serves)");
    }
    InetSocketAddress address;
    try {
      address = address(listen);
    } catch (IllegalArgumentException | UnknownHostException e) {
      return usage("--listen: " + e.getMessage());
    }
    if (!tls && !allowRemote && !address.getAddress().isLoopbackAddress()) {
      return usage("--listen: without TLS the simulator binds loopback only; "
          + "add --allow-remote to serve " + address.getAddress().getHostAddress());
    }
    SimSettings.Mode m;
    if (mode == null) {
      m = linkSecretFile != null ? SimSettings.Mode.LINK : SimSettings.Mode.UKMS;
    } else if (mode.equals("link") || mode.equals("ukms")) {
      m = mode.equals("link") ? SimSettings.Mode.LINK : SimSettings.Mode.UKMS;
    } else {
      return usage("--mode: expected link or ukms, found " + mode);
    }
    if (serve004 && m != SimSettings.Mode.LINK) {
      return usage("--api 004 needs link mode: the two ends derive each key from the link secret");
    }
    if (m == SimSettings.Mode.LINK && linkSecretFile == null) {
      return usage("--mode link needs --link-secret-file (head -c 32 /dev/urandom | base64)");
    }
    String badLink = bb84.check(m);
    if (badLink != null) {
      return usage(badLink);
    }
    CallerIdentity callers;
    try {
      callers = tls ? CallerIdentity.fromCertificate(CertificateField.parse(saeIdFrom))
          : CallerIdentity.fixed(saeId);
    } catch (IllegalArgumentException e) {
      return usage("--sae-id-from: expected cn, san-uri, san-dns or serial, found " + saeIdFrom);
    }
    SimSettings settings;
    Faults faults;
    try {
      settings = new SimSettings(m, kmeId, peerKmeId, keySize, maxKeys, maxPerRequest,
          Math.min(64, keySize), Math.max(1024, keySize), rate, Duration.ofSeconds(keyTtl),
          exhaustedStatus, wrongMasterStatus, refuseOptional);
      faults = new Faults(Duration.ofMillis(latencyMs), failRatio, dropRatio, new SecureRandom(),
          Faults.Sleeper.REAL);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    Secret secret = null;
    SSLContext context = null;
    Etsi004Store store004 = null;
    try {
      if (m == SimSettings.Mode.LINK) {
        secret = LinkSecrets.load(linkSecretFile);
      }
      if (serve004) {
        etsi004.limits(); // a bad option is a usage error before anything starts
        store004 = bb84.bb84() ? null : etsi004.store(secret, InstantSource.system(), null, 0);
      }
      if (tls) {
        context = TlsMaterial.serverContext(tlsCert, tlsKey, tlsClientCa);
      }
    } catch (IOException e) {
      return usage(org.ukms.config.IoErrors.describe(e));
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    List<AutoCloseable> servers = new ArrayList<>();
    SimulatedKme onLink = null; // on a BB84 link: owns the link, which both APIs draw from
    if (bb84.bb84()) {
      try {
        onLink = bb84.start(settings, secret, saeId, peerSaes);
      } catch (IOException e) {
        return cannotListen(bb84.listen != null ? bb84.listen : bb84.connect, e);
      }
      servers.add(onLink);
      try {
        store004 = serve004 ? etsi004.store(secret, InstantSource.system(),
            onLink.bb84Links().orElseThrow(), keySize / 8) : null;
      } catch (IllegalArgumentException e) {
        servers.forEach(KmeCommand::closeQuietly);
        return usage(e.getMessage());
      }
    }
    if (serve014) {
      Simulators.warn(m, "ukms kme");
      SimulatedKme store = onLink != null ? onLink
          : new SimulatedKme(settings, secret, InstantSource.system(), UUID::randomUUID, peerSaes);
      if (onLink == null) {
        servers.add(store);
      }
      EtsiFrontEnd front = new EtsiFrontEnd(store, callers,
          tls || allowRemote ? a -> true : InetAddress::isLoopbackAddress, faults,
          new ObjectMapper());
      try {
        KmeServer server = KmeServer.start(address, front, context, KME_THREADS);
        servers.add(server);
        spec.commandLine().getOut().println("ukms kme: listening on " + server.url() + " (mode "
            + m.name().toLowerCase(java.util.Locale.ROOT) + ", KME " + kmeId
            + (tls ? ", SAE from client certificate " + saeIdFrom : ", SAE " + saeId
                + (allowRemote ? ", any client" : ", loopback clients only")) + ")"
            + bb84.describe(store));
      } catch (IOException e) {
        return cannotListen(listen, e);
      }
    }
    if (serve004) {
      String where = serve014 ? listen004 : listen;
      try {
        InetSocketAddress at = serve014 ? address(where) : address;
        int port;
        if (binding.equals("rest")) {
          Etsi004RestServer server = Etsi004RestServer.start(at, store004, context,
              new ObjectMapper());
          servers.add(server);
          port = server.port();
        } else {
          Etsi004Server server = Etsi004Server.start(at, store004, context, ETSI004_CONNECTIONS);
          servers.add(server);
          port = server.port();
        }
        spec.commandLine().getOut().println("ukms kme: ETSI 004 listening on "
            + at.getAddress().getHostAddress() + ":" + port + " (" + binding
            + (tls ? ", mutual TLS" : ", plain, loopback") + ")"
            + (onLink != null && !serve014 ? bb84.describe(onLink) : ""));
      } catch (IllegalArgumentException e) {
        servers.forEach(KmeCommand::closeQuietly);
        return usage((serve014 ? "--listen-004: " : "--listen: ") + e.getMessage());
      } catch (IOException e) {
        servers.forEach(KmeCommand::closeQuietly);
        return cannotListen(where, e);
      }
    }
    spec.commandLine().getOut().flush();
    Signals.onTermination(() -> servers.forEach(KmeCommand::closeQuietly));
    new CountDownLatch(1).await();
    return ExitCodes.OK;
  }

  private int cannotListen(String where, IOException e) {
    spec.commandLine().getErr().println("ukms kme: cannot listen on " + where + ": "
        + org.ukms.config.IoErrors.describe(e));
    return ExitCodes.RUNTIME_FAILURE;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // best effort at shutdown
    }
  }

  private int usage(String message) {
    spec.commandLine().getErr().println("ukms kme: " + message);
    return ExitCodes.USAGE_OR_CONFIG;
  }

  static InetSocketAddress address(String hostPort) throws UnknownHostException {
    return address(hostPort, 0);
  }

  /** {@code hostPort} resolved, its port at least {@code minPort} (1 to dial, 0 to listen). */
  static InetSocketAddress address(String hostPort, int minPort) throws UnknownHostException {
    HostPort at = HostPort.parse(hostPort, minPort).orElseThrow(
        () -> new IllegalArgumentException(HostPort.expected(minPort) + ", found " + hostPort));
    return new InetSocketAddress(InetAddress.getByName(at.host()), at.port());
  }
}

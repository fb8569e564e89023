package org.ukms.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ukms.config.ConfigException;
import org.ukms.config.ConfigLoader;
import org.ukms.config.Etsi004Settings;
import org.ukms.config.PeerConfig;
import org.ukms.config.TlsFiles;
import org.ukms.config.UkmsConfig;
import org.ukms.core.KeyRef;
import org.ukms.crypto.Secret;
import org.ukms.net.LoopbackPorts;
import org.ukms.sim.Etsi004Server;
import org.ukms.sim.Etsi004Store;
import org.ukms.sink.PrivateFiles;

/**
 * {@code ukms demo}: alice, bob and carol of {@code example/} as three daemons in one process, on
 * free loopback ports, with the fake QKD API in link mode under one fresh link secret, rotating
 * every {@code period}. PSKs go to {@code psk/<node>/<peer>.key} as with {@code ukms run}.
 */
public final class Demo implements AutoCloseable {
  public static final List<String> NODES = List.of("alice", "bob", "carol");

  private final Map<String, Daemon> daemons;
  /** The ETSI 004 mock key managers of a {@code --key-source etsi004} demo. */
  private final List<AutoCloseable> keyManagers = new ArrayList<>();
  private final Map<String, UkmsConfig> configs;

  private Demo(Map<String, Daemon> daemons, Map<String, UkmsConfig> configs) {
    this.daemons = daemons;
    this.configs = configs;
  }

  /**
   * One pair's state. A rotation is a completed round by each side (each asked the other for a
   * key and fetched it), so {@code rotations} is the smaller round count of the two sides.
   */
  public record PairState(String a, String b, long rotations, KeyRef localKeyId,
      KeyRef remoteKeyId, String fingerprintA, String fingerprintB) {
    public boolean agree() {
      return fingerprintA != null && fingerprintA.equals(fingerprintB);
    }
  }

  /**
   * Starts the three nodes from {@code root}/example, writing under {@code root}. The example
   * auth keys are public by design, but ukms refuses secret files that others may read, and git
   * checks them out 0644, so they are made 0600 first.
   */
  public static Demo start(Path root, Duration period, Environment env)
      throws ConfigException, IOException {
    return start(root, period, env, false);
  }

  /**
   * As above; with {@code etsi004} every node takes its QKD keys from an ETSI 004 mock key
   * manager of its own (all linked by the demo's link secret) instead of the embedded ETSI 014
   * fake.
   */
  public static Demo start(Path root, Duration period, Environment env, boolean etsi004)
      throws ConfigException, IOException {
    return start(root, period, env, etsi004, null);
  }

  /**
   * As above; with {@code bb84} (not null) the nodes' fake KMEs take their keys from simulated
   * BB84 links between them ({@link DemoLinks}) instead of the PRF of the link secret.
   */
  public static Demo start(Path root, Duration period, Environment env, boolean etsi004,
      DemoLinks bb84) throws ConfigException, IOException {
    try (var keys = Files.list(root.resolve("example/keys"))) {
      for (Path key : keys.toList()) {
        if (key.getFileName().toString().startsWith("EXAMPLE-")) {
          Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
      }
    }
    Path secret = root.resolve("target/demo/link.secret");
    PrivateFiles.ensureFolder(secret.getParent());
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    byte[] text = (Base64.getEncoder().encodeToString(raw) + "\n").getBytes();
    PrivateFiles.replace(secret, text);
    List<AutoCloseable> kms = new ArrayList<>();
    Map<String, Integer> kmPorts = new LinkedHashMap<>();
    if (etsi004 && bb84 == null) {
      for (String node : NODES) {
        Etsi004Server km = Etsi004Server.start(
            new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Etsi004Store.linked(Secret.copyOf(raw), new SecureRandom()), null, 16);
        kms.add(km);
        kmPorts.put(node, km.port());
      }
    }
    Arrays.fill(raw, (byte) 0);
    Arrays.fill(text, (byte) 0);

    LoopbackPorts free = new LoopbackPorts(new SecureRandom().nextInt());
    Map<String, UkmsConfig> loaded = new LinkedHashMap<>();
    Map<Integer, Integer> ports = new LinkedHashMap<>();
    for (String node : NODES) {
      UkmsConfig c = ConfigLoader.load(root.resolve("example/" + node + ".toml"), root);
      loaded.put(node, c);
      ports.put(c.port(), free.next());
    }
    Map<String, Integer> linkPorts = new LinkedHashMap<>();
    for (String node : NODES) {
      linkPorts.put(node, free.next());
      if (etsi004 && bb84 != null) {
        kmPorts.put(node, free.next()); // the embedded fake KME serves ETSI 004 on its links
      }
    }
    Map<String, UkmsConfig> configs = new LinkedHashMap<>();
    for (String node : NODES) {
      UkmsConfig c = loaded.get(node);
      configs.put(node, c.withPort(ports.get(c.port()))
          .withAdminListen(org.ukms.config.AdminListen.defaultFor(c.stateDir()))
          .withFakeQkd(bb84 == null ? c.fakeQkd().inLinkMode(secret)
              : bb84.apply(node, c, c.fakeQkd().inLinkMode(secret), linkPorts, kmPorts))
          .mapPeers(p -> {
            PeerConfig moved = p.withRotationPeriod(period)
                .withUkmsUrl(movePort(p.ukmsUrl(), ports))
                .withKme(p.kme().withUrl(movePort(p.kme().url(), ports)));
            return !etsi004 ? moved : moved.withEtsi004(new Etsi004Settings("127.0.0.1",
                kmPorts.get(node), "ukms://" + node, "ukms://" + p.id(), 2000, 3600,
                new TlsFiles(null, null, null)));
          }));
    }
    Map<String, Daemon> daemons = new LinkedHashMap<>();
    try {
      for (String node : NODES) {
        daemons.put(node, Daemon.start(configs.get(node), env));
      }
    } catch (ConfigException | IOException | RuntimeException e) {
      daemons.values().forEach(Daemon::close);
      kms.forEach(Demo::closeQuietly);
      throw e;
    }
    Demo demo = new Demo(daemons, configs);
    demo.keyManagers.addAll(kms);
    return demo;
  }

  /** The bundled copy of {@code example/} that {@link #unpackExample} writes, by relative name. */
  static final List<String> EXAMPLE_FILES = List.of("alice.toml", "bob.toml", "carol.toml",
      "keys/EXAMPLE-alice-bob.key", "keys/EXAMPLE-bob-carol.key");

  /**
   * Writes the copy of {@code example/} that ships inside the jar to {@code root}/example, so
   * the demo runs where no checkout is (the installed package). Returns {@code root}.
   */
  public static Path unpackExample(Path root) throws IOException {
    for (String name : EXAMPLE_FILES) {
      Path target = root.resolve("example").resolve(name);
      Files.createDirectories(target.getParent());
      try (InputStream in = Demo.class.getResourceAsStream("example/" + name)) {
        if (in == null) {
          throw new IOException("example/" + name + " is missing from the jar");
        }
        Files.copy(in, target);
      }
    }
    return root;
  }

  /** Every pair of the topology, each once, as seen by both sides now. */
  public List<PairState> pairs() {
    List<PairState> out = new ArrayList<>();
    for (String a : NODES) {
      for (PeerConfig peer : configs.get(a).peers()) {
        String b = peer.id();
        if (NODES.indexOf(b) < NODES.indexOf(a)) {
          continue;
        }
        RotationStats.PeerStats sa = daemons.get(a).stats().of(b);
        RotationStats.PeerStats sb = daemons.get(b).stats().of(a);
        out.add(new PairState(a, b, Math.min(sa.rounds(), sb.rounds()), sa.localKeyId(),
            sa.remoteKeyId(), sa.fingerprint(), sb.fingerprint()));
      }
    }
    return out;
  }

  /** The BB84 link of every pair (empty without {@code --link bb84}). */
  public List<DemoLinks.LinkReport> links() {
    List<DemoLinks.LinkReport> out = new ArrayList<>();
    if (daemons.values().stream().allMatch(d -> DemoLinks.bb84(d).isEmpty())) {
      return out;
    }
    for (PairState p : pairs()) {
      out.add(DemoLinks.report(p.a(), p.b(), daemons.get(p.a()), daemons.get(p.b())));
    }
    return out;
  }

  /** Whether every BB84 link has aborted block after block without a key (an eavesdropper). */
  public boolean linksAllAborted() {
    return DemoLinks.allAborted(links());
  }

  /** Keys the nodes' fake KMEs handed out (enc_keys and dec_keys), all together. */
  public long keysDelivered() {
    return daemons.values().stream().mapToLong(Daemon::fakeKmeKeysDelivered).sum();
  }

  /** Stops all rotation and waits for running rounds, so the files stop changing. */
  public void drain() throws InterruptedException {
    for (Daemon d : daemons.values()) {
      d.drainRounds(Duration.ofSeconds(5));
    }
  }

  /** Whether each pair's two PSK files hold the same key. */
  public boolean filesAgree() throws IOException {
    for (PairState p : pairs()) {
      Path fa = pskFile(p.a(), p.b());
      Path fb = pskFile(p.b(), p.a());
      if (!Files.exists(fa) || !Files.exists(fb)
          || !Arrays.equals(Files.readAllBytes(fa), Files.readAllBytes(fb))) {
        return false;
      }
    }
    return true;
  }

  public Path pskFile(String node, String peer) {
    UkmsConfig c = configs.get(node);
    PeerConfig p = c.peers().stream().filter(x -> x.id().equals(peer)).findFirst().orElseThrow();
    return Daemon.pskFile(c, p);
  }

  @Override
  public void close() {
    daemons.values().forEach(Daemon::close);
    keyManagers.forEach(Demo::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // best effort at the end of the demo
    }
  }

  private static URI movePort(URI url, Map<Integer, Integer> ports) {
    Integer moved = ports.get(url.getPort());
    return moved == null ? url : URI.create(url.getScheme() + "://" + url.getHost() + ":" + moved
        + (url.getRawPath() == null ? "" : url.getRawPath()));
  }

}

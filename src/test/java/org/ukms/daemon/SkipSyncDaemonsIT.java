package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ukms.skip.PendingKeys;
import org.ukms.tlspsk.PskFiles;
import org.ukms.tlspsk.PskFormat;
import org.ukms.tlspsk.PskHttpClient;
import org.ukms.tlspsk.PskHttpException;
import org.ukms.tlspsk.PskHttpReply;
import org.ukms.tlspsk.TlsVersion;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.skip.KeyMinter;
import org.ukms.skip.SkipKeyStore;
import org.ukms.skip.SkipSyncException;
import org.ukms.testing.ExampleConfigs;
import org.ukms.testing.FreePorts;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * {@code example/skip/}'s Alice and Bob as two in-process daemons on loopback (simulated QKD,
 * v2 hybrid): a key minted at Alice over the real peer API is held, equal, by Bob, bound to
 * Alice; a daemon that did not install SKIP answers 404; no key appears in the logs.
 */
class SkipSyncDaemonsIT {
  /** The example's fixed ports (peer APIs, admin, SKIP), replaced by free ones. */
  private static final List<String> PORTS = List.of("27201", "27202", "27211", "27212", "8443",
      "8444");
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<Daemon> daemons = new ArrayList<>();

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  /** A key store that keeps copies (Bob's pending keys, as the SKIP API's store would). */
  static final class Store implements SkipKeyStore {
    final Map<String, byte[]> keys = new LinkedHashMap<>();
    final Map<String, String> systems = new LinkedHashMap<>();

    @Override
    public synchronized boolean deposit(String remoteSystemId, String keyIdHex, byte[] key) {
      if (keys.putIfAbsent(keyIdHex, key.clone()) != null) {
        return false;
      }
      systems.put(keyIdHex, remoteSystemId);
      return true;
    }
  }

  private void copySecrets() throws Exception {
    for (String name : List.of("example/keys/EXAMPLE-alice-bob.key",
        "example/skip/keys/EXAMPLE-router-a.psk", "example/skip/keys/EXAMPLE-router-b.psk")) {
      Path copy = dir.resolve(name);
      Files.createDirectories(copy.getParent());
      Files.copy(Path.of(name), copy);
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void aliceMints_bobHoldsTheSameKeyBoundToAlice_andNoKeyIsLogged() throws Exception {
    copySecrets();
    Map<String, Integer> shared = new LinkedHashMap<>();
    for (String port : PORTS) {
      shared.put(port, FreePorts.next());
    }
    Store bobStore = new Store();
    Store aliceStore = new Store();
    List<byte[]> minted = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      Daemon alice = startWith("alice", shared);
      Daemon bob = startWith("bob", shared);
      KeyMinter aliceMinter = alice.skipSync(aliceStore).orElseThrow().minter();
      bob.skipSync(bobStore).orElseThrow();

      for (int i = 0; i < 3; i++) {
        KeyMinter.Minted key = aliceMinter.mint("Bob", "bob", 256);
        assertArrayEquals(key.key(), bobStore.keys.get(key.keyIdHex()));
        assertEquals("Alice", bobStore.systems.get(key.keyIdHex()));
        minted.add(key.key());
      }
      assertEquals(3, bobStore.keys.size());
      assertTrue(aliceStore.keys.isEmpty(), "the initiator holds nothing");
      for (byte[] key : minted) {
        String hex = HexFormat.of().formatHex(key);
        assertFalse(logs.lines.stream().anyMatch(l -> l.toLowerCase().contains(hex)),
            "a SKIP key in the logs");
      }
      assertEquals(3, logs.lines.stream().filter(l -> l.contains("result=held")).count());
    }
  }

  @Test
  void peerWithoutSkipInstalled_answers404_andTheMinterFails() throws Exception {
    copySecrets();
    Map<String, Integer> shared = new LinkedHashMap<>();
    for (String port : PORTS) {
      shared.put(port, FreePorts.next());
    }
    Daemon alice = startWith("alice", shared);
    startWith("bob", shared, false); // bob has no [skip] table

    SkipSyncException e = assertThrows(SkipSyncException.class,
        () -> alice.skipSync(new Store()).orElseThrow().minter().mint("Bob", "bob", 256));

    assertEquals("key not synchronised with peer bob: refused (disabled): SKIP not enabled",
        e.getMessage());
  }

  @Test
  void unfetchedKeyAtBob_isZeroizedByTheSweepAfterItsTtl_andIsThenRefused() throws Exception {
    copySecrets();
    Map<String, Integer> shared = new LinkedHashMap<>();
    for (String port : PORTS) {
      shared.put(port, FreePorts.next());
    }
    startWith("alice", shared);
    Daemon bob = startWith("bob", shared);
    PskHttpReply minted = router("a", shared.get("8443")).get("/key?remoteSystemID=Bob");
    assertEquals(200, minted.status());
    String keyId = new ObjectMapper().readTree(minted.body()).get("keyId").asText();
    minted.wipe();
    assertEquals(1, bob.skipService().orElseThrow().pendingKeys());

    try (LogCapture logs = new LogCapture()) {
      scheduler.advance(PendingKeys.DEFAULT_TTL.plusSeconds(10)); // TTL, then one sweep period
      assertEquals(0, bob.skipService().orElseThrow().pendingKeys(), "swept, not only on access");
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("1 unfetched SKIP key(s) expired")),
          String.join("\n", logs.lines));
    }
    assertEquals(400, router("b", shared.get("8444")).get("/key/" + keyId
        + "?remoteSystemID=Alice").status());
  }

  @Test
  void reload_appliesARotatedEncryptorPsk_andKeepsTheOldOneWhenTheNewFileIsBad() throws Exception {
    copySecrets();
    Map<String, Integer> shared = new LinkedHashMap<>();
    for (String port : PORTS) {
      shared.put(port, FreePorts.next());
    }
    Daemon bob = startWith("bob", shared);
    Path file = dir.resolve("example/skip/bob.toml");
    Path pskFile = dir.resolve("example/skip/keys/EXAMPLE-router-b.psk");
    PskHttpClient before = router("b", shared.get("8444"));
    assertEquals(200, before.get("/capabilities").status());

    Files.writeString(pskFile, "ab".repeat(32) + "\n");
    Reload.Result rotated = bob.reload(ConfigLoader.load(file, dir));

    assertEquals(List.of(), rotated.needRestart());
    assertEquals(List.of(), rotated.failed());
    assertEquals(200, router("b", shared.get("8444")).get("/capabilities").status(),
        "the new PSK is served at once");
    assertThrows(PskHttpException.class, () -> before.get("/capabilities"),
        "the old PSK no longer opens a connection");

    String text = Files.readString(file);
    Files.writeString(file, text.replace("local_system_id = \"Bob\"",
        "local_system_id = \"Bob\"\nkey_ttl_seconds = 60"));
    Files.writeString(pskFile, "cd".repeat(32) + "\n");
    Reload.Result both = bob.reload(ConfigLoader.load(file, dir));
    assertTrue(both.needRestart().toString().contains("skip"), both.toString());
    assertEquals(200, router("b", shared.get("8444")).get("/capabilities").status(),
        "a rotated PSK applies even when the rest of [skip] waits for a restart");
    Files.writeString(file, text);

    Files.writeString(pskFile, "not hex\n");
    Reload.Result bad = bob.reload(ConfigLoader.load(file, dir));
    assertEquals(1, bad.failed().size(), bad.toString());
    assertTrue(bad.failed().get(0).contains("skip.encryptors.router-b.psk_file"), bad.toString());
    Files.writeString(pskFile, "cd".repeat(32) + "\n");
    assertEquals(200, router("b", shared.get("8444")).get("/capabilities").status(),
        "a bad file changed nothing");
  }

  /** The example's encryptor router-a or router-b, as a TLS 1.3 PSK client of its provider. */
  private PskHttpClient router(String which, int port) throws Exception {
    return PskHttpClient.of("127.0.0.1", port, "router-" + which, PskFiles.read(
        dir.resolve("example/skip/keys/EXAMPLE-router-" + which + ".psk"), PskFormat.HEX),
        TlsVersion.TLS_1_3);
  }

  private Daemon startWith(String node, Map<String, Integer> ports) throws Exception {
    return startWith(node, ports, true);
  }

  private Daemon startWith(String node, Map<String, Integer> ports, boolean skip)
      throws Exception {
    String text = Files.readString(Path.of("example/skip/" + node + ".toml"));
    if (!skip) {
      text = text.substring(0, text.indexOf("\n[skip]"));
    }
    text = ExampleConfigs.replacePorts(text, ports);
    Path file = dir.resolve("example/skip/" + node + ".toml");
    Files.writeString(file, text);
    Environment env = new Environment(clock, new SplittableRandom(7), UUID::randomUUID, dir,
        workers -> scheduler);
    Daemon d = Daemon.start(ConfigLoader.load(file, dir), env);
    daemons.add(d);
    return d;
  }
}

package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.admin.AdminServer;
import org.ukms.admin.AdminSource;
import org.ukms.config.AdminListen;
import org.ukms.daemon.FakeQkdLink;
import org.ukms.daemon.PeerStatus;
import org.ukms.daemon.RotationStats;
import org.ukms.daemon.SkipStatus;
import org.ukms.testing.FreePorts;
import org.ukms.testing.ManualClock;

/** {@code ukms status} against an admin endpoint serving made-up statuses on a fixed clock. */
class StatusCommandTest {
  private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  private static final String FP = "3f2a9c4e1b7d0a55";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ManualClock clock = new ManualClock(NOW);
  private final RotationStats stats = new RotationStats();
  private final List<PeerStatus> statuses = new CopyOnWriteArrayList<>();
  private AdminServer admin;

  @AfterEach
  void tearDown() {
    if (admin != null) {
      admin.close();
    }
  }

  private int run(String... args) {
    picocli.CommandLine cli = UkmsCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static PeerStatus peer(String id, Duration age, String lastError) {
    return new PeerStatus(id, id, "v2", "hybrid", "etsi014", 12,
        age == null ? null : NOW.minus(age), Duration.ofMinutes(10), age == null ? null : FP,
        lastError == null ? 0 : 3, lastError, NOW.plusSeconds(45), null, null,
        new RotationStats.PeerStats(Map.of(), null, null, null));
  }

  /** A configuration whose admin_listen is {@code listen}, and the daemon's endpoint on it. */
  private Path configFor(String adminListen) throws Exception {
    Path file = dir.resolve("ukms.toml");
    Files.writeString(file, String.join("\n",
        "admin_listen = \"" + adminListen + "\"",
        "key_rotation_seconds = 120",
        "key_folder = \"" + dir.resolve("psk") + "\"",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = 8101",
        "[peers.bob]",
        "protocol = \"ukms-v1\"",
        "etsi_url = \"http://127.0.0.1:8101/\"",
        "ukms_url = \"http://127.0.0.1:8102\"",
        "alias = \"bob\"",
        "source_KME_ID = \"alice\"",
        "master_SAE_ID = \"alice\"",
        "slave_SAE_ID = \"bob\"",
        ""));
    return file;
  }

  private Path daemonOnUnixSocket() throws Exception {
    Path socket = dir.resolve("admin.sock");
    admin = AdminServer.start(new AdminListen(socket, null, -1),
        AdminSource.of(() -> List.copyOf(statuses), clock, stats.registry(), "wg"));
    return configFor("unix:" + socket);
  }

  @Test
  void status_everyPeerHealthy_printsATablePerPeer_exit0() throws Exception {
    statuses.add(peer("bob", Duration.ofSeconds(125), null));
    Path config = daemonOnUnixSocket();

    int code = run("status", "--config", config.toString());

    assertEquals(0, code, err.toString());
    assertEquals(String.join("\n",
        "peer bob: healthy",
        "  protocol         v2, mode hybrid, key source etsi014",
        "  epoch            12",
        "  last confirmed   2030-01-01T11:57:55Z (2 min 5 s ago)",
        "  psk fingerprint  " + FP + " (session)",
        "    on disk        - (no key_folder)",
        "    in WireGuard   - (no [wireguard] table)",
        "    match          -",
        "  failures         0 consecutive",
        "  next rotation    2030-01-01T12:00:45Z (in 45 s)",
        ""), out.toString());
  }

  @Test
  void status_skipKeyProvider_isShownAfterThePeers_inTheTableAndTheJson() throws Exception {
    statuses.add(peer("bob", Duration.ofSeconds(125), null));
    Path socket = dir.resolve("admin.sock");
    admin = AdminServer.start(new AdminListen(socket, null, -1), AdminSource.of(
        () -> List.copyOf(statuses), clock, stats.registry(), "wg",
        () -> Optional.of(new SkipStatus("Alice", "127.0.0.1:8443", List.of("Bob -> bob"),
            List.of("router-a"), 2))));
    Path config = configFor("unix:" + socket);

    assertEquals(0, run("status", "--config", config.toString()), err.toString());
    assertTrue(out.toString().endsWith(String.join("\n",
        "",
        "SKIP Key Provider Alice on 127.0.0.1:8443",
        "  remote systems   Bob -> bob",
        "  encryptors       router-a",
        "  keys pending     2",
        "")), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("status", "--config", config.toString(), "--json"));
    assertEquals("{\"local_system_id\":\"Alice\",\"listen\":\"127.0.0.1:8443\","
        + "\"remote_systems\":[\"Bob -> bob\"],\"encryptors\":[\"router-a\"],\"pending_keys\":2}",
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString()).get("skip")
            .toString());
  }

  @Test
  void status_embeddedBb84Links_areShownAfterThePeers_withNoQberBeforeTheFirstBlock()
      throws Exception {
    statuses.add(peer("bob", Duration.ofSeconds(125), null));
    Path socket = dir.resolve("admin.sock");
    admin = AdminServer.start(new AdminListen(socket, null, -1), AdminSource.of(
        () -> List.copyOf(statuses), clock, stats.registry(), "wg", Optional::empty,
        () -> List.of(new FakeQkdLink("kme-b", "connected", true, 0.02013, 63, 1, 151_234.0,
            80_123.0, 12, 40), new FakeQkdLink("127.0.0.1:7000", "dialing 127.0.0.1:7000",
            false, Double.NaN, 0, 0, 0, 0, 0, 0))));
    Path config = configFor("unix:" + socket);

    assertEquals(0, run("status", "--config", config.toString()), err.toString());
    assertTrue(out.toString().endsWith(String.join("\n",
        "",
        "BB84 link to kme-b (embedded fake QKD): connected",
        "  qber             0.0201",
        "  blocks           63 made keys, 1 aborted",
        "  key rates        sifted 151.2 kbit/s, secret 80.1 kbit/s",
        "  keys             12 stored, 40 delivered",
        "",
        "BB84 link to 127.0.0.1:7000 (embedded fake QKD): dialing 127.0.0.1:7000",
        "  qber             -",
        "  blocks           0 made keys, 0 aborted",
        "  key rates        sifted 0.0 kbit/s, secret 0.0 kbit/s",
        "  keys             0 stored, 0 delivered",
        "")), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("status", "--config", config.toString(), "--json"));
    assertEquals("{\"peer_kme\":\"kme-b\",\"state\":\"connected\",\"connected\":true,"
        + "\"qber\":0.02013,\"blocks\":63,\"aborted_blocks\":1,\"sifted_key_rate\":151234.0,"
        + "\"secret_key_rate\":80123.0,\"stored_keys\":12,\"keys_delivered\":40}",
        new ObjectMapper().readTree(out.toString())
            .get("qkd_links").get(0).toString());
    assertTrue(new ObjectMapper().readTree(out.toString())
        .get("qkd_links").get(1).get("qber").isNull(), "NaN is null in JSON");
  }

  @Test
  void status_onePeerUnhealthy_namesItsProblem_exit1() throws Exception {
    statuses.add(peer("bob", Duration.ofSeconds(5), null));
    statuses.add(peer("carol", null, "KME answered 503"));
    Path config = daemonOnUnixSocket();

    int code = run("status", "--config", config.toString());

    assertEquals(1, code);
    assertTrue(out.toString().contains("peer carol: NOT HEALTHY: no confirmed PSK yet; last "
        + "error: KME answered 503\n"), out.toString());
    assertTrue(out.toString().contains("  failures         3 consecutive; last error: KME "
        + "answered 503\n"), out.toString());
    assertTrue(out.toString().contains("  last confirmed   never\n"), out.toString());
  }

  @Test
  void status_json_printsTheDaemonsDocument_overTcpToo() throws Exception {
    statuses.add(peer("bob", Duration.ofSeconds(5), null));
    admin = AdminServer.start(new AdminListen(null, "127.0.0.1", 0),
        AdminSource.of(() -> List.copyOf(statuses), clock, stats.registry(), "wg"));
    Path config = configFor(admin.address().toString());

    int code = run("status", "--json", "--config", config.toString());

    assertEquals(0, code, err.toString());
    var json = new ObjectMapper().readTree(out.toString());
    assertEquals("2030-01-01T12:00:00Z", json.get("time").asText());
    assertEquals("bob", json.get("peers").get(0).get("peer").asText());
    assertEquals(5, json.get("peers").get(0).get("psk_age_seconds").asLong());
  }

  @Test
  void status_noDaemon_oneLineNamingTheSocketAndCause_exit1() throws Exception {
    Path socket = dir.resolve("admin.sock");
    Path config = configFor("unix:" + socket);

    int code = run("status", "--config", config.toString());

    assertEquals(1, code);
    assertEquals("ukms status: no daemon listening on unix:" + socket + " (no such socket "
        + "file); is ukms running with this config?\n", err.toString());
  }

  @Test
  void status_nothingOnThePort_connectionRefused_exit1() throws Exception {
    int port = FreePorts.next();
    Path config = configFor("127.0.0.1:" + port);

    int code = run("status", "--config", config.toString());

    assertEquals(1, code);
    assertEquals("ukms status: no daemon listening on 127.0.0.1:" + port + " (connection "
        + "refused); is ukms running with this config?\n", err.toString());
  }

  @Test
  void status_badConfigOrUsage_exit2() throws Exception {
    Path bad = dir.resolve("bad.toml");
    Files.writeString(bad, "admin_listen = \"nowhere\"\n");

    assertEquals(2, run("status", "--config", bad.toString()));
    assertTrue(err.toString().contains("admin_listen"), err.toString());
    assertEquals(2, run("status", "--no-such-option"));
    assertEquals(2, run("status", "--config", dir.resolve("missing.toml").toString()));
  }
}

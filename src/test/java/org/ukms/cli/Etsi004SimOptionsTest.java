package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.BinaryCodec;
import org.ukms.etsi004.GetKeyRequest;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.OpenConnectRequest;
import org.ukms.etsi004.Qos;
import org.ukms.sim.Etsi004Store;
import org.ukms.testing.ManualClock;
import picocli.CommandLine;

/** {@code ukms kme} ETSI 004 QoS and fault options: applied to the store, bad ones exit 2. */
class Etsi004SimOptionsTest {
  @TempDir Path dir;

  static Etsi004Store store(String... args) {
    Etsi004SimOptions options = new Etsi004SimOptions();
    new CommandLine(options).parseArgs(args);
    return options.store(Secret.copyOf(new byte[32]),
        new ManualClock(Instant.parse("2030-01-01T00:00:00Z")));
  }

  static long openStatus(Etsi004Store km, long chunk) {
    byte[] answer = km.serve(BinaryCodec.v211().encode(new OpenConnectRequest("a://x", "a://y",
        Qos.wireGuard(0, 0).withKeyChunkSize(chunk), KeyStreamId.NULL)));
    return BinaryCodec.decodeOpenConnectResponse(answer).status().code();
  }

  static long getKeyStatus(Etsi004Store km) {
    byte[] answer = km.serve(BinaryCodec.v211().encode(new GetKeyRequest(
        KeyStreamId.parse("6f1c2a3b-0000-4000-8000-00000000abcd"), 0, 0)));
    return BinaryCodec.decodeGetKeyResponse(answer).status().code();
  }

  @Test
  void forcedStatuses_chunkRange_andFailRatio_reachTheStore() {
    Etsi004Store forced = store("--force-004", "get_key=2x2", "--force-004", "open_connect=6");
    Etsi004Store ranged = store("--chunk-range-004", "64..128");
    Etsi004Store failing = store("--fail-ratio-004", "1", "--fail-status-004", "3");

    assertEquals(6, openStatus(forced, 32));
    assertEquals(0, openStatus(forced, 32));
    assertEquals(List.of(2L, 2L, 9L), List.of(getKeyStatus(forced), getKeyStatus(forced),
        getKeyStatus(forced)));
    assertEquals(7, openStatus(ranged, 32));
    assertEquals(0, openStatus(ranged, 64));
    assertEquals(3, getKeyStatus(failing));
  }

  @Test
  void badOptions_andUkmsMode_oneLineAndExit2() throws Exception {
    Path secret = dir.resolve("link.secret");
    Files.writeString(secret, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    String[][] cases = {
        {"--chunk-range-004", "64..32"},
        {"--chunk-range-004", "big"},
        {"--rate-004", "-1"},
        {"--fail-ratio-004", "1.5"},
        {"--fail-ratio-004", "0.5", "--fail-status-004", "0"},
        {"--force-004", "get_key"},
        {"--force-004", "reset=2"},
        {"--mode", "ukms"}};
    String[] expected = {
        "ukms kme: --chunk-range-004: key chunk range must lie in 1..65536 bytes with min <= "
            + "max, found 64..32",
        "ukms kme: --chunk-range-004: expected MIN..MAX in bytes, e.g. 32..1024, found big",
        "ukms kme: --rate-004: link rate out of range (0..4294967295 bits/s): -1",
        "ukms kme: --fail-ratio-004: fail ratio must be between 0 and 1, found 1.5",
        "ukms kme: --fail-status-004: a failure status cannot be 0",
        "ukms kme: --force-004: expected CALL=STATUS[xN] with CALL open_connect, get_key or "
            + "close, e.g. get_key=2x3, found get_key",
        "ukms kme: --force-004: expected CALL=STATUS[xN] with CALL open_connect, get_key or "
            + "close, e.g. get_key=2x3, found reset=2",
        "ukms kme: --api 004 needs link mode: the two ends derive each key from the link secret"};
    for (int i = 0; i < cases.length; i++) {
      StringWriter err = new StringWriter();
      CommandLine cli = UkmsCommand.commandLine();
      cli.setErr(new PrintWriter(err, true));
      List<String> args = new java.util.ArrayList<>(List.of("kme", "--api", "004", "--listen",
          "127.0.0.1:0", "--kme-id", "a", "--sae-id", "x", "--link-secret-file",
          secret.toString()));
      args.addAll(List.of(cases[i]));

      assertEquals(2, cli.execute(args.toArray(String[]::new)), String.join(" ", args));
      assertEquals(expected[i] + System.lineSeparator(), err.toString());
    }
  }
}

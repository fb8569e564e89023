package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.testing.ExampleConfigs;
import org.ukms.testing.Qber;
import picocli.CommandLine;

/**
 * {@code ukms demo --link bb84}: the example nodes in-process, each pair's fake KMEs joined by a
 * simulated BB84 link over loopback TCP, on the real clock (the links run their own threads).
 */
@org.junit.jupiter.api.extension.ExtendWith(org.ukms.testing.RestoreLogging.class)
class DemoBb84IT {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int demo(String... args) throws Exception {
    ExampleConfigs.copyTo(dir);
    DemoCommand command = new DemoCommand();
    command.workDir = dir;
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void demo_onBb84Links_everyPairAgrees() throws Exception {
    int code = demo("--link", "bb84", "--rotations", "2", "--period", "1", "--json");

    assertEquals(0, code, err.toString());
    JsonNode result = new ObjectMapper().readTree(out.toString());
    assertTrue(result.get("ok").asBoolean());
    for (JsonNode pair : result.get("pairs")) {
      assertTrue(pair.get("agree").asBoolean(), pair.toString());
    }
    for (JsonNode link : result.get("links")) {
      assertTrue(link.get("blocks").asLong() >= 1, link.toString());
      assertTrue(link.get("qber").asDouble() < 0.05, link.toString());
      assertTrue(link.get("keys_delivered").asLong() >= 2, link.toString());
    }
  }

  @Test
  void demo_etsi004OnBb84Links_everyPairAgrees_onKeysTheLinksServedThroughEtsi004() throws Exception {
    int code = demo("--link", "bb84", "--key-source", "etsi004", "--rotations", "2", "--period",
        "1", "--json");

    assertEquals(0, code, err.toString());
    JsonNode result = new ObjectMapper().readTree(out.toString());
    assertTrue(result.get("ok").asBoolean(), result.toString());
    for (JsonNode pair : result.get("pairs")) {
      assertTrue(pair.get("agree").asBoolean(), pair.toString());
      assertTrue(pair.get("local_key_id").asText().matches("[0-9a-f-]{36}:[0-9]+"),
          "an ETSI 004 reference, KSID:index: " + pair);
    }
    for (JsonNode link : result.get("links")) {
      assertTrue(link.get("blocks").asLong() >= 1, link.toString());
      assertTrue(link.get("keys_delivered").asLong() >= 2,
          "bob's two links each served keys through ETSI 004: " + link);
    }
  }

  @Test
  void demo_withTheEavesdropper_failsInTime_withAQberNearAQuarter_andNoKeyDelivered()
      throws Exception {
    long started = System.nanoTime();
    int code = demo("--link", "bb84", "--eavesdropper", "--rotations", "2", "--period", "1",
        "--timeout", "20s", "--json");

    assertEquals(ExitCodes.RUNTIME_FAILURE, code, err.toString());
    assertTrue(System.nanoTime() - started < 25e9, "ended within the timeout");
    JsonNode result = new ObjectMapper().readTree(out.toString());
    assertTrue(!result.get("ok").asBoolean());
    assertEquals(0, result.get("keys_delivered").asLong());
    assertEquals(2, result.get("links").size());
    for (JsonNode link : result.get("links")) {
      double qber = link.get("qber").asDouble();
      // About 1,970 sampled bits per block: sigma 0.01 around 0.25 to 0.26; 5 sigma either side.
      assertTrue(qber >= 0.20 && qber <= 0.31, link.toString());
      assertEquals(0, link.get("blocks").asLong());
      assertEquals(0, link.get("keys_delivered").asLong());
      assertTrue(link.get("state").asText().contains("aborted: QBER ")
          && Qber.ofAnEavesdropper(link.get("state").asText()), link.toString());
    }
    for (JsonNode pair : result.get("pairs")) {
      assertEquals(0, pair.get("rotations").asLong(), "no rotation without keys");
    }
  }
}

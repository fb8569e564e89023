package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** {@code --log-format json}: one JSON object per line, parsed back with Jackson. */
@org.junit.jupiter.api.extension.ExtendWith(org.ukms.testing.RestoreLogging.class)
class JsonLogLineTest {
  private final Logger root = Logger.getLogger("");
  private final ObjectMapper mapper = new ObjectMapper();
  private List<String> log(LogFormat format, boolean journal, Runnable logging) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Logs.install(new PrintStream(out, true, StandardCharsets.UTF_8), journal, Level.INFO, format);
    logging.run();
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void json_rotationLine_isOneObjectWithItsFields() throws Exception {
    Instant before = Instant.now();
    List<String> lines = log(LogFormat.JSON, false, () -> Logger.getLogger("org.ukms.rotation")
        .info("peer=bob result=installed protocol=v2 epoch=1 key_id=7cc66737-61cf-4efc-a3e6-"
            + "a7da0573ec10 duration_ms=397 psk_fingerprint=948401eb0e4a59bd"));

    assertEquals(1, lines.size(), lines.toString());
    JsonNode o = mapper.readTree(lines.get(0));
    assertEquals("INFO", o.get("level").asText());
    assertEquals("rotation", o.get("logger").asText());
    assertTrue(o.get("message").asText().startsWith("peer=bob result=installed"));
    assertEquals("bob", o.get("peer").asText());
    assertEquals("installed", o.get("result").asText());
    assertEquals("1", o.get("epoch").asText());
    assertEquals("948401eb0e4a59bd", o.get("psk_fingerprint").asText());
    Instant time = Instant.parse(o.get("time").asText());
    assertTrue(!time.isBefore(before.minusSeconds(1)) && !time.isAfter(Instant.now()), "" + time);
  }

  @Test
  void json_controlCharactersQuotesAndBackslashes_stayOnOneParsableLine() throws Exception {
    String nasty = "peer=b\"ob result=failed error=\"said \"no\"\n\tthen \\ \u0001 \u2028 end\" "
        + "retry_in_ms=500";
    List<String> lines = log(LogFormat.JSON, false,
        () -> Logger.getLogger("org.ukms.rotation").warning(nasty));

    assertEquals(1, lines.size(), lines.toString());
    JsonNode o = mapper.readTree(lines.get(0));
    assertEquals(nasty, o.get("message").asText());
    assertEquals("WARN", o.get("level").asText());
    assertEquals("b\"ob", o.get("peer").asText());
    assertEquals("said \"no\"\n\tthen \\ \u0001 \u2028 end", o.get("error").asText());
    assertEquals("500", o.get("retry_in_ms").asText());
  }

  @Test
  void json_underJournald_startsWithThePriorityJournaldRemoves() throws Exception {
    List<String> lines = log(LogFormat.JSON, true,
        () -> Logger.getLogger("org.ukms.daemon").severe("peer=a result=install_failed"));

    assertTrue(lines.get(0).startsWith("<3>{"), lines.get(0));
    assertEquals("ERROR", mapper.readTree(lines.get(0).substring(3)).get("level").asText());
  }

  @Test
  void fields_reservedAndRepeatedKeysStayInTheMessageOnly() {
    assertEquals(Map.of("peer", "a", "port", "80"),
        JsonLogLine.fields("listening on 127.0.0.1:80 time=now peer=a level=x peer=b port=80"));
    assertEquals(Map.of("error", "unterminated"), JsonLogLine.fields("error=\"unterminated"));
  }

  @Test
  void text_staysTheDefault() {
    List<String> lines = log(LogFormat.TEXT, false,
        () -> Logger.getLogger("org.ukms.rotation").info("peer=bob result=installed"));

    assertEquals(List.of("INFO  rotation: peer=bob result=installed"), lines);
    assertEquals(LogFormat.JSON, LogFormat.parse("JSON"));
    assertNull(LogFormat.parse("xml"));
  }
}

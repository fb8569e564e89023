package org.ukms.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per log record, for log shippers: {@code time} (ISO 8601, UTC), {@code level},
 * {@code logger} (the short name, as in the text format), {@code message}, then each {@code
 * key=value} pair of the message as a string field. A quoted value ({@code error="…"}) runs to
 * the first quote followed by a space or the end; keys that would replace one of the four fields,
 * or repeat, stay in {@code message} only. Jackson does the escaping, so quotes, backslashes and
 * control characters in a message cannot break the line. Under systemd the line starts with the
 * syslog priority ({@code <6>}), which journald takes as the level and removes.
 */
final class JsonLogLine extends Formatter {
  private static final Set<String> RESERVED = Set.of("time", "level", "logger", "message");
  private static final JsonFactory JSON = new JsonFactory();
  private final boolean journal;

  JsonLogLine(boolean journal) {
    this.journal = journal;
  }

  @Override
  public String format(LogRecord record) {
    String message = formatMessage(record);
    String name = record.getLoggerName() == null ? "" : record.getLoggerName();
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(record.getInstant()));
      g.writeStringField("level", Logs.label(record.getLevel()).strip());
      g.writeStringField("logger", name.substring(name.lastIndexOf('.') + 1));
      g.writeStringField("message", message);
      for (Map.Entry<String, String> field : fields(message).entrySet()) {
        g.writeStringField(field.getKey(), field.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    String prefix = journal ? "<" + Logs.priority(record.getLevel()) + ">" : "";
    return prefix + out + System.lineSeparator();
  }

  /** The {@code key=value} pairs of a message, in order; words without {@code =} are skipped. */
  static Map<String, String> fields(String message) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = message.length();
    while (i < n) {
      int keyEnd = i;
      while (keyEnd < n && isKeyChar(message.charAt(keyEnd))) {
        keyEnd++;
      }
      if (keyEnd > i && keyEnd < n && message.charAt(keyEnd) == '=') {
        String key = message.substring(i, keyEnd);
        int start = keyEnd + 1;
        int end;
        String value;
        if (start < n && message.charAt(start) == '"') {
          end = start + 1;
          while (end < n && !(message.charAt(end) == '"'
              && (end + 1 == n || message.charAt(end + 1) == ' '))) {
            end++;
          }
          value = message.substring(start + 1, end);
          end = Math.min(n, end + 1);
        } else {
          end = message.indexOf(' ', start);
          end = end < 0 ? n : end;
          value = message.substring(start, end);
        }
        if (!RESERVED.contains(key) && !out.containsKey(key)) {
          out.put(key, value);
        }
        i = end;
      } else {
        int space = message.indexOf(' ', i);
        i = space < 0 ? n : space;
      }
      while (i < n && message.charAt(i) == ' ') {
        i++;
      }
    }
    return out;
  }

  private static boolean isKeyChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
  }
}

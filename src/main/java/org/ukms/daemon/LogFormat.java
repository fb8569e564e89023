package org.ukms.daemon;

import java.util.Locale;

/** How {@code ukms run} prints its log: one plain line per event, or one JSON object per line. */
public enum LogFormat {
  /** {@code INFO  rotation: peer=bob result=installed …}; the default. */
  TEXT,
  /** {@code {"time":…,"level":"INFO","logger":"rotation","message":…,"peer":"bob",…}}. */
  JSON;

  /** The format named by {@code --log-format} or {@code UKMS_LOG_FORMAT}; null for others. */
  public static LogFormat parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> null;
    };
  }
}

package org.ukms.peer;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Logs refused v2 requests: at most one line per refusal reason per {@link #WINDOW}, each
 * carrying how many refusals for that reason went unlogged since the previous one. Keyed by the
 * reason only, never by anything the client sends, so its memory is one entry per reason however
 * many names an attacker makes up. Thread-safe.
 */
final class RefusalLog {
  static final Duration WINDOW = Duration.ofSeconds(10);
  private static final System.Logger logger = System.getLogger("org.ukms.peer");

  private final InstantSource clock;
  private final Map<V2Auth.Refusal, Window> byReason = new EnumMap<>(V2Auth.Refusal.class);

  RefusalLog(InstantSource clock) {
    this.clock = clock;
  }

  /** One refusal; {@code sender} is as claimed (at most 128 safe characters) or "?". */
  void refused(V2Auth.Refusal reason, String sender, String from) {
    Instant now = clock.instant();
    long suppressed;
    synchronized (byReason) {
      Window w = byReason.computeIfAbsent(reason, r -> new Window());
      if (w.lastLogged != null && now.isBefore(w.lastLogged.plus(WINDOW))) {
        w.suppressed++;
        return;
      }
      suppressed = w.suppressed;
      w.lastLogged = now;
      w.suppressed = 0;
    }
    logger.log(System.Logger.Level.WARNING, "peer=" + sender + " event=v2_refused reason="
        + reason.name().toLowerCase(Locale.ROOT) + " from=" + from + " status=401 suppressed="
        + suppressed);
  }

  /** Reasons with an entry (tests): never more than there are reasons. */
  int size() {
    synchronized (byReason) {
      return byReason.size();
    }
  }

  private static final class Window {
    Instant lastLogged;
    long suppressed;
  }
}

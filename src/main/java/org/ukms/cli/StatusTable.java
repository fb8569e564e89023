package org.ukms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the daemon's {@code /status} document as one small table per peer, for people;
 * {@code --json} prints the document itself, for scripts. Times are shown as sent (UTC) with their
 * distance from the daemon's own {@code time}, so the ages are the daemon's, not this host's.
 */
final class StatusTable {
  private StatusTable() {}

  static String render(JsonNode status) {
    Instant now = instant(status.path("time"));
    StringBuilder out = new StringBuilder();
    for (JsonNode p : status.path("peers")) {
      if (out.length() > 0) {
        out.append('\n');
      }
      boolean healthy = p.path("healthy").asBoolean(false);
      out.append("peer ").append(text(p, "peer")).append(": ")
          .append(healthy ? "healthy" : "NOT HEALTHY: " + text(p, "problem")).append('\n');
      row(out, "protocol", text(p, "protocol") + ", mode " + text(p, "mode") + ", key source "
          + text(p, "key_source"));
      long epoch = p.path("epoch").asLong(-1);
      row(out, "epoch", epoch < 0 ? "-" : Long.toString(epoch));
      row(out, "last confirmed", when(p.path("last_confirmed"), now, "never"));
      row(out, "psk fingerprint", text(p, "fingerprint") + " (session)");
      row(out, "  on disk", fingerprint(p, "fingerprint_on_disk", p.path("psk_file").isNull()
          ? "no key_folder" : "no file yet"));
      row(out, "  in WireGuard", fingerprint(p, "fingerprint_in_wireguard",
          p.path("wireguard").isNull() ? "no [wireguard] table" : "none"));
      JsonNode match = p.path("match");
      row(out, "  match", match.isBoolean() ? (match.asBoolean() ? "yes" : "NO") : "-");
      row(out, "failures", p.path("consecutive_failures").asLong() + " consecutive"
          + (p.path("last_error").isTextual() ? "; last error: " + text(p, "last_error") : ""));
      row(out, "next rotation", when(p.path("next_rotation"), now, "none scheduled"));
    }
    if (out.length() == 0) {
      out.append("no peers\n");
    }
    JsonNode skip = status.path("skip");
    if (skip.isObject()) {
      out.append('\n').append("SKIP Key Provider ").append(text(skip, "local_system_id"))
          .append(" on ").append(text(skip, "listen")).append('\n');
      row(out, "remote systems", join(skip.path("remote_systems")));
      row(out, "encryptors", join(skip.path("encryptors")));
      row(out, "keys pending", Long.toString(skip.path("pending_keys").asLong()));
    }
    for (JsonNode l : status.path("qkd_links")) {
      out.append('\n').append("BB84 link to ").append(text(l, "peer_kme"))
          .append(" (embedded fake QKD): ").append(text(l, "state")).append('\n');
      row(out, "qber", l.path("qber").isNumber()
          ? String.format(Locale.ROOT, "%.4f", l.path("qber").asDouble()) : "-");
      row(out, "blocks", l.path("blocks").asLong() + " made keys, "
          + l.path("aborted_blocks").asLong() + " aborted");
      row(out, "key rates", String.format(Locale.ROOT, "sifted %.1f kbit/s, secret %.1f kbit/s",
          l.path("sifted_key_rate").asDouble() / 1000, l.path("secret_key_rate").asDouble() / 1000));
      row(out, "keys", l.path("stored_keys").asLong() + " stored, "
          + l.path("keys_delivered").asLong() + " delivered");
    }
    return out.toString();
  }

  private static String join(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(n -> items.add(n.asText()));
    return items.isEmpty() ? "-" : String.join(", ", items);
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(String.format("  %-16s %s%n", name, value));
  }

  private static String fingerprint(JsonNode p, String field, String absent) {
    String error = p.path(field + "_error").isTextual() ? p.path(field + "_error").asText() : null;
    if (p.path(field).isTextual()) {
      return p.path(field).asText();
    }
    return error != null ? "unknown (" + error + ")" : "- (" + absent + ")";
  }

  private static String text(JsonNode p, String field) {
    return p.path(field).isTextual() ? p.path(field).asText() : "-";
  }

  /** {@code 2026-11-27T20:00:00Z (2 min 3 s ago)} or {@code (in 5 s)}. */
  private static String when(JsonNode time, Instant now, String absent) {
    Instant t = instant(time);
    if (t == null) {
      return absent;
    }
    if (now == null) {
      return t.toString();
    }
    Duration d = Duration.between(t, now);
    return t + (d.isNegative() ? " (in " + span(d.negated()) + ")" : " (" + span(d) + " ago)");
  }

  static String span(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    if (s < 86400) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    return s / 86400 + " d " + s % 86400 / 3600 + " h";
  }

  private static Instant instant(JsonNode time) {
    if (!time.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(time.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

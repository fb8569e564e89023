package org.ukms.peer;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ukms.crypto.V2Keys;

/**
 * Authentication of v2 peer messages between this node ({@code self}) and one peer
 * (docs/protocol-v2.md section 4): the {@code Ukms-Auth} header over method, path, both IDs,
 * timestamp, nonce and body; the time window; the replay cache; the response MAC. Checks run
 * before anything else happens. The replay cache lives in memory, so a request signed before this
 * object was made (before the daemon started) is refused outright: it may have been accepted by
 * the previous process. Thread-safe.
 */
public final class V2Auth {
  public static final String HEADER = "Ukms-Auth";
  /** Peer IDs are short; a longer claimed sender is malformed before anyone looks it up. */
  static final int MAX_SENDER_LENGTH = 128;
  /** {@code ts} is canonical decimal (no leading zero): the MAC covers the number, not its text. */
  private static final Pattern REQUEST = Pattern.compile(
      "v2 sender=([A-Za-z0-9._~-]{1," + MAX_SENDER_LENGTH + "}), "
          + "receiver=([A-Za-z0-9._~-]+), ts=(0|[1-9][0-9]{0,14}), "
          + "nonce=([A-Za-z0-9_-]{22}), mac=([A-Za-z0-9_-]{43})");
  private static final Pattern RESPONSE = Pattern.compile("v2 mac=([A-Za-z0-9_-]{43})");

  private final V2Keys keys;
  private final String self;
  private final String peer;
  private final Duration window;
  private final InstantSource clock;
  private final SecureRandom random;
  /** Creation time in whole milliseconds, as timestamps travel: older requests are refused. */
  private final Instant notBefore;
  private final Map<String, Instant> seen = new LinkedHashMap<>();

  public V2Auth(V2Keys keys, String self, String peer, Duration window, InstantSource clock,
      SecureRandom random) {
    this.keys = keys;
    this.self = self;
    this.peer = peer;
    this.window = window;
    this.clock = clock;
    this.random = random;
    this.notBefore = Instant.ofEpochMilli(clock.millis());
  }

  /**
   * Why a request was refused; each one is a 401 before any other work. {@code UNKNOWN_PEER} (no
   * v2 peer of the sender's name here) is decided by the peer API, before a {@code V2Auth} is
   * picked; the others by {@link #verifyRequest}.
   */
  public enum Refusal {
    MISSING, MALFORMED, UNKNOWN_PEER, MISADDRESSED, REFLECTED, TOO_OLD, TOO_NEW, BEFORE_START,
    BAD_MAC, REPLAYED;

    /** The name in the 401 body's {@code reason} and in the log: {@code unknown_peer}. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The pair's SKIP derivation salt ({@link V2Keys#skipSalt}); the caller destroys it. */
  public org.ukms.crypto.Secret skipSalt() {
    return keys.skipSalt();
  }

  /** Our ID towards this peer (its source_KME_ID for us), as requests carry it. */
  public String self() {
    return self;
  }

  /** The peer's ID (the name of our table for it). */
  public String peer() {
    return peer;
  }

  /** A signed request: its header value, and its nonce for checking the response. */
  public record Signed(String header, String nonce) {}

  /**
   * The sender named by a request header, to pick the peer's {@link V2Auth}; empty if none or
   * the header is malformed (a sender longer than {@link #MAX_SENDER_LENGTH} included).
   */
  public static Optional<String> sender(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = REQUEST.matcher(header);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The nonce of a request header, for signing the response; empty if malformed. */
  public static Optional<String> nonce(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = REQUEST.matcher(header);
    return m.matches() ? Optional.of(m.group(4)) : Optional.empty();
  }

  public Signed signRequest(String method, String path, byte[] body) {
    byte[] raw = new byte[16];
    random.nextBytes(raw);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    long ts = clock.millis();
    byte[] mac = keys.requestMac(method, path, self, peer, ts, nonce, body);
    return new Signed("v2 sender=" + self + ", receiver=" + peer + ", ts=" + ts + ", nonce="
        + nonce + ", mac=" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac), nonce);
  }

  /** Verifies a request from the peer; empty means accepted (and its nonce is now used). */
  public Optional<Refusal> verifyRequest(String method, String path, String header, byte[] body) {
    if (header == null) {
      return Optional.of(Refusal.MISSING);
    }
    Matcher m = REQUEST.matcher(header);
    if (!m.matches()) {
      return Optional.of(Refusal.MALFORMED);
    }
    String sender = m.group(1);
    String receiver = m.group(2);
    if (sender.equals(self) && receiver.equals(peer)) {
      return Optional.of(Refusal.REFLECTED);
    }
    if (!sender.equals(peer) || !receiver.equals(self)) {
      return Optional.of(Refusal.MISADDRESSED);
    }
    long ts = Long.parseLong(m.group(3));
    Instant now = clock.instant();
    Instant sent = Instant.ofEpochMilli(ts);
    if (sent.isBefore(now.minus(window))) {
      return Optional.of(Refusal.TOO_OLD);
    }
    if (sent.isAfter(now.plus(window))) {
      return Optional.of(Refusal.TOO_NEW);
    }
    if (sent.isBefore(notBefore)) {
      return Optional.of(Refusal.BEFORE_START);
    }
    byte[] expected = keys.requestMac(method, path, sender, receiver, ts, m.group(4), body);
    if (!MessageDigest.isEqual(expected, canonical(m.group(5)))) {
      return Optional.of(Refusal.BAD_MAC);
    }
    synchronized (seen) {
      prune(now);
      if (seen.putIfAbsent(m.group(4), now) != null) {
        return Optional.of(Refusal.REPLAYED);
      }
    }
    return Optional.empty();
  }

  public String signResponse(String requestNonce, int status, byte[] body) {
    return "v2 mac=" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(keys.responseMac(requestNonce, status, self, peer, body));
  }

  /** Whether a response to our request {@code requestNonce} really comes from the peer. */
  public boolean verifyResponse(String requestNonce, int status, String header, byte[] body) {
    if (header == null) {
      return false;
    }
    Matcher m = RESPONSE.matcher(header);
    return m.matches() && MessageDigest.isEqual(
        keys.responseMac(requestNonce, status, peer, self, body), canonical(m.group(1)));
  }

  /**
   * The MAC bytes of {@code text} only if it is their one canonical encoding: the last Base64
   * character also carries unused bits, and a text that differs only there must not verify.
   */
  private static byte[] canonical(String text) {
    byte[] mac = Base64.getUrlDecoder().decode(text);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac).equals(text)
        ? mac : new byte[0];
  }

  /** Nonces are kept for twice the window: anything older is refused as too old anyway. */
  private void prune(Instant now) {
    Instant horizon = now.minus(window.multipliedBy(2));
    for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
      if (it.next().isBefore(horizon)) {
        it.remove();
      } else {
        break;
      }
    }
  }
}

package org.ukms.skip;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ukms.tlspsk.PskHttpHandler;
import org.ukms.tlspsk.PskHttpRequest;
import org.ukms.tlspsk.PskHttpResponse;

/**
 * The four SKIP endpoints (draft-cisco-skip-02, docs/skip.md) behind a TLS-PSK listener: {@code
 * GET /capabilities}, {@code GET /key?remoteSystemID=X[&size=N]} (a new key, minted and
 * synchronised by the {@link KeyMinter}), {@code GET /key/{keyId}?remoteSystemID=Y} (a key the peer
 * synchronised, taken once from {@link PendingKeys}) and {@code GET /entropy[?minentropy=N]}.
 *
 * <p>Every answer is a JSON object; errors are {@code {"error":"…"}} with 400, 404, 405 (with
 * {@code Allow: GET}), 500 or 503 as skip.md §6 and §13 fix. Key bytes are zeroed as soon as the
 * body holding their hex is built; the transport zeroes that body after the write. One log line
 * per request names the PSK identity, method, path (no query), status and keyId, never a key.
 *
 * <p>Called concurrently from the TLS-PSK request threads; it keeps no state of its own.
 */
public final class SkipApi implements PskHttpHandler {
  public static final int DEFAULT_ENTROPY_BITS = 256;
  public static final int MIN_ENTROPY_BITS = 8;
  public static final int MAX_ENTROPY_BITS = 2048;
  /** The longest {@code remoteSystemID} accepted: as long as a sync message's system ID. */
  static final int MAX_REMOTE_ID_CHARS = 128;
  private static final System.Logger logger = System.getLogger("org.ukms.skip");

  /** An answer, what the log line adds about it, and its error text (null when 200). */
  private record Answer(int status, byte[] body, String allow, String detail, String error) {}

  private final ApiSettings settings;
  private final KeyMinter minter;
  private final PendingKeys pending;
  private final EntropySource entropy;
  private final InstantSource clock;
  private final EncryptorScopes scopes;

  private SkipApi(ApiSettings settings, KeyMinter minter, PendingKeys pending,
      EntropySource entropy, InstantSource clock, EncryptorScopes scopes) {
    this.settings = settings;
    this.minter = minter;
    this.pending = pending;
    this.entropy = entropy;
    this.clock = clock;
    this.scopes = scopes;
  }

  /**
   * @param entropy a source of its own (e.g. {@link EntropySource#ownSecureRandom()}), never the
   *     generator of keys or keyIds
   * @param clock measures request durations for the log line
   */
  public static SkipApi create(ApiSettings settings, KeyMinter minter, PendingKeys pending,
      EntropySource entropy, InstantSource clock) {
    return new SkipApi(Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(minter, "minter"), Objects.requireNonNull(pending, "pending"),
        Objects.requireNonNull(entropy, "entropy"), Objects.requireNonNull(clock, "clock"),
        EncryptorScopes.all());
  }

  /** The same API, each encryptor held to the remote systems of its scope. */
  public SkipApi scopedTo(EncryptorScopes encryptorScopes) {
    return new SkipApi(settings, minter, pending, entropy, clock,
        Objects.requireNonNull(encryptorScopes, "encryptorScopes"));
  }

  @Override
  public PskHttpResponse handle(PskHttpRequest request) {
    Instant start = clock.instant();
    Answer answer;
    try {
      answer = route(request);
    } catch (BadRequestException e) {
      answer = error(400, e.getMessage(), "");
    } catch (RuntimeException e) {
      answer = error(500, "internal error", " failure=" + e.getClass().getName());
    }
    long ms = Duration.between(start, clock.instant()).toMillis();
    logger.log(answer.status() >= 500 ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
        "skip request identity=" + SkipLog.printable(request.pskIdentity())
            + " method=" + SkipLog.printable(request.method())
            + " path=" + SkipLog.printable(request.rawPath())
            + " status=" + answer.status() + answer.detail()
            + (answer.error() == null ? "" : " error=\"" + answer.error() + "\"") + " ms=" + ms);
    return new PskHttpResponse(answer.status(), "application/json", answer.allow(), answer.body(),
        () -> { });
  }

  private Answer route(PskHttpRequest request) throws BadRequestException {
    SkipTarget.Route route = SkipTarget.route(request.rawPath());
    if (route == SkipTarget.Route.UNKNOWN
        || route == SkipTarget.Route.ENTROPY && !settings.entropy()) {
      return error(404, "not found", "");
    }
    if (!request.method().equals("GET")) {
      return new Answer(405, SkipJson.error("method not allowed"), "GET", "",
          "method not allowed");
    }
    Map<String, String> query = SkipTarget.parameters(request.rawQuery());
    switch (route) {
      case CAPABILITIES:
        return ok(SkipJson.capabilities(settings.entropy(), settings.algorithm(),
            settings.localSystemId(), settings.remoteSystems().patterns()), "");
      case KEY:
        return newKey(query, request.pskIdentity());
      case KEY_BY_ID:
        return keyById(SkipTarget.keyIdSegment(request.rawPath()), query,
            request.pskIdentity());
      default:
        return entropy(query);
    }
  }

  private Answer newKey(Map<String, String> query, String identity) throws BadRequestException {
    String remote = remoteSystemId(query, identity);
    String peer = settings.remoteSystems().peerFor(remote)
        .orElseThrow(() -> new BadRequestException("remoteSystemID not allowed"));
    int bits = bits(query.get("size"), settings.defaultKeyBits(), settings.minKeyBits(),
        settings.maxKeyBits(), "size");
    String who = " remote=" + SkipLog.printable(remote) + " peer=" + SkipLog.printable(peer);
    KeyMinter.Minted minted;
    try {
      minted = minter.mint(remote, peer, bits);
    } catch (SkipSyncException e) {
      return error(500, "key synchronisation failed",
          who + " failure=\"" + SkipLog.printable(String.valueOf(e.getMessage())) + "\"");
    }
    byte[] key = minted.key();
    try {
      Optional<String> id = KeyIds.parse(minted.keyIdHex());
      if (id.isEmpty() || !id.get().equals(minted.keyIdHex()) || key.length * 8 != bits) {
        return error(500, "internal error", who + " failure=minted_key_malformed");
      }
      return ok(SkipJson.key(id.get(), key), " key_id=" + id.get() + who + " bits=" + bits);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private Answer keyById(String rawKeyId, Map<String, String> query, String identity)
      throws BadRequestException {
    String keyId = KeyIds.parse(rawKeyId)
        .orElseThrow(() -> new BadRequestException("malformed keyId"));
    String remote = remoteSystemId(query, identity);
    if (settings.remoteSystems().peerFor(remote).isEmpty()) {
      throw new BadRequestException("remoteSystemID not allowed");
    }
    String who = " key_id=" + keyId + " remote=" + SkipLog.printable(remote);
    PendingKeys.Taken taken = pending.take(remote, keyId);
    if (taken instanceof PendingKeys.Key) {
      byte[] key = ((PendingKeys.Key) taken).key();
      try {
        return ok(SkipJson.key(keyId, key), who + " bits=" + key.length * 8);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    String reason = taken instanceof PendingKeys.WrongRemote ? "wrong_remote" : "unknown";
    return error(400, "unknown keyId", who + " reason=" + reason);
  }

  private Answer entropy(Map<String, String> query) throws BadRequestException {
    int bits = bits(query.get("minentropy"), DEFAULT_ENTROPY_BITS, MIN_ENTROPY_BITS,
        MAX_ENTROPY_BITS, "minentropy");
    byte[] random = new byte[bits / 8];
    try {
      entropy.fill(random);
      return ok(SkipJson.entropy(random), " bits=" + bits);
    } catch (EntropySource.EntropyUnavailableException | RuntimeException e) {
      return error(503, "entropy unavailable", " failure=" + e.getClass().getSimpleName());
    } finally {
      Arrays.fill(random, (byte) 0);
    }
  }

  /** The query's remoteSystemID, checked for length and against the encryptor's scope. */
  private String remoteSystemId(Map<String, String> query, String identity)
      throws BadRequestException {
    String remote = query.get("remoteSystemID");
    if (remote == null || remote.isEmpty()) {
      throw new BadRequestException("missing remoteSystemID");
    }
    if (remote.length() > MAX_REMOTE_ID_CHARS) {
      throw new BadRequestException("remoteSystemID longer than " + MAX_REMOTE_ID_CHARS);
    }
    if (!scopes.allows(identity, remote)) {
      throw new BadRequestException("remoteSystemID not allowed for this encryptor");
    }
    return remote;
  }

  /** A size in bits: absent gives {@code fallback}; else decimal digits, a multiple of 8. */
  private static int bits(String value, int fallback, int min, int max, String name)
      throws BadRequestException {
    if (value == null) {
      return fallback;
    }
    boolean digits = !value.isEmpty() && value.length() <= 6
        && value.chars().allMatch(c -> c >= '0' && c <= '9');
    int n = digits ? Integer.parseInt(value) : -1;
    if (n < min || n > max || n % 8 != 0) {
      throw new BadRequestException(name + " must be a multiple of 8 from " + min + " to " + max
          + " bits");
    }
    return n;
  }

  private static Answer ok(byte[] body, String detail) {
    return new Answer(200, body, null, detail, null);
  }

  private static Answer error(int status, String message, String detail) {
    return new Answer(status, SkipJson.error(message), null, detail, message);
  }
}

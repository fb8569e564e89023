package org.ukms.skip;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The responder's pending SKIP keys (skip.md §7): deposited by the sync receiver, taken once by
 * {@code GET /key/{keyId}}, in memory only (a restart discards them, SKIP-KID-08).
 *
 * <ul>
 *   <li>A deposit copies the key; it is refused for a keyId already pending, already delivered or
 *       expired (remembered for {@code ttl} after that, so a replayed sync cannot bring a delivered
 *       key back, SKIP-SYNC-03), beyond {@code maxPending} keys, and after {@link #close()}.
 *   <li>{@link #take} hands over the held array itself and forgets it: the caller zeroes it once
 *       the body is built. A keyId asked for with another remote system is refused and stays
 *       pending (SKIP-KID-05).
 *   <li>A key not taken within {@code ttl} of its deposit is zeroed and forgotten, when it is
 *       next asked for or at the next {@link #sweep()} (SKIP-KID-07). {@link #close()} zeroes all.
 * </ul>
 *
 * <p>Thread-safe: the sync receiver deposits and TLS-PSK request threads take concurrently; every
 * method holds this object's lock for a bounded scan of at most {@code maxPending} entries.
 */
public final class PendingKeys implements SkipKeyStore, AutoCloseable {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(120);
  public static final int DEFAULT_MAX_PENDING = 1024;
  /** How many spent keyIds may be remembered per pending slot before deposits are refused. */
  private static final int SPENT_PER_SLOT = 16;
  private static final System.Logger logger = System.getLogger("org.ukms.skip");

  /** What {@link #take} found. */
  sealed interface Taken {}

  /** The key, the store's own array, no longer held: the caller zeroes it. */
  record Key(byte[] key) implements Taken {
    @Override
    public String toString() {
      return "Key[" + key.length + " bytes]";
    }
  }

  /** No such pending key (never deposited, delivered, expired). */
  record Unknown() implements Taken {}

  /** Pending, but for another remote system; still pending. */
  record WrongRemote() implements Taken {}

  private static final class Held {
    final String remote;
    final byte[] key;
    final Instant expires;

    Held(String remote, byte[] key, Instant expires) {
      this.remote = remote;
      this.key = key;
      this.expires = expires;
    }
  }

  private final InstantSource clock;
  private final Duration ttl;
  private final int maxPending;
  private final Map<String, Held> pending = new LinkedHashMap<>();
  /** Delivered or expired keyIds and when they may be forgotten. */
  private final Map<String, Instant> spent = new HashMap<>();
  private boolean closed;

  private PendingKeys(InstantSource clock, Duration ttl, int maxPending) {
    this.clock = clock;
    this.ttl = ttl;
    this.maxPending = maxPending;
  }

  /** An empty store whose keys live {@code ttl} and of which at most {@code maxPending} wait. */
  public static PendingKeys create(InstantSource clock, Duration ttl, int maxPending) {
    Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be at least 1");
    }
    return new PendingKeys(clock, ttl, maxPending);
  }

  @Override
  public synchronized boolean hasRoom() {
    if (closed) {
      return false;
    }
    sweepLocked(clock.instant());
    return pending.size() < maxPending && spent.size() < maxPending * SPENT_PER_SLOT;
  }

  public synchronized boolean deposit(String remoteSystemId, String keyIdHex, byte[] key) {
    Objects.requireNonNull(remoteSystemId, "remoteSystemId");
    Objects.requireNonNull(keyIdHex, "keyIdHex");
    Objects.requireNonNull(key, "key");
    Optional<String> parsed = KeyIds.parse(keyIdHex);
    String reason = null;
    if (parsed.isEmpty()) {
      reason = "malformed_key_id";
    } else if (closed) {
      reason = "closed";
    } else if (key.length == 0) {
      reason = "empty_key";
    } else {
      sweepLocked(clock.instant());
      String id = parsed.get();
      if (pending.containsKey(id)) {
        reason = "duplicate";
      } else if (spent.containsKey(id)) {
        reason = "already_delivered_or_expired";
      } else if (pending.size() >= maxPending || spent.size() >= maxPending * SPENT_PER_SLOT) {
        reason = "full";
      } else {
        pending.put(id, new Held(remoteSystemId, key.clone(), clock.instant().plus(ttl)));
        return true;
      }
    }
    logger.log(System.Logger.Level.WARNING, "skip deposit refused key_id="
        + parsed.orElse("(malformed)") + " reason=" + reason);
    return false;
  }

  /**
   * Takes the key {@code keyIdHex} (lower-case, checked) held for {@code remoteSystemId}: once,
   * before its expiry, and only for the remote system it was synchronised with.
   */
  synchronized Taken take(String remoteSystemId, String keyIdHex) {
    Held held = pending.get(keyIdHex);
    if (held == null) {
      return new Unknown();
    }
    Instant now = clock.instant();
    if (!now.isBefore(held.expires)) {
      pending.remove(keyIdHex);
      spend(keyIdHex, held, now);
      return new Unknown();
    }
    if (!held.remote.equals(remoteSystemId)) {
      return new WrongRemote();
    }
    pending.remove(keyIdHex);
    spent.put(keyIdHex, now.plus(ttl));
    return new Key(held.key);
  }

  /** Zeroes and forgets expired keys and forgets old spent keyIds; returns how many expired. */
  public synchronized int sweep() {
    return sweepLocked(clock.instant());
  }

  /** How many keys wait to be fetched. */
  public synchronized int pendingCount() {
    return pending.size();
  }

  /** Zeroes every pending key; later deposits are refused and nothing can be taken. */
  @Override
  public synchronized void close() {
    for (Held held : pending.values()) {
      Arrays.fill(held.key, (byte) 0);
    }
    pending.clear();
    spent.clear();
    closed = true;
  }

  /**
   * Test hook (SKIP-ZER-01): the array the store holds for {@code keyIdHex}, itself, not a copy,
   * so a test can check that it is all zeros once delivered or expired; null when not pending.
   */
  synchronized byte[] heldArrayForTest(String keyIdHex) {
    Held held = pending.get(keyIdHex);
    return held == null ? null : held.key;
  }

  private int sweepLocked(Instant now) {
    spent.values().removeIf(forgetAt -> !now.isBefore(forgetAt));
    int expired = 0;
    for (Iterator<Map.Entry<String, Held>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Held> e = it.next();
      if (!now.isBefore(e.getValue().expires)) {
        it.remove();
        spend(e.getKey(), e.getValue(), now);
        expired++;
      }
    }
    return expired;
  }

  private void spend(String keyId, Held held, Instant now) {
    Arrays.fill(held.key, (byte) 0);
    spent.put(keyId, now.plus(ttl));
    logger.log(System.Logger.Level.INFO, "skip key expired key_id=" + keyId
        + " remote=" + SkipLog.printable(held.remote));
  }
}

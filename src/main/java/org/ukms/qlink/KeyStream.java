package org.ukms.qlink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ukms.bb84.Bb84Block;
import org.ukms.crypto.Secret;

/**
 * The shared key stream of one BB84 link at one end. The secret bits of each successful block
 * are appended in block order and cut into slots of the key size; both ends number the slots
 * alike. Slots are split between the ends so that no key is handed out by both: the end with the
 * smaller KME ID owns the even slots, the other the odd ones. A key of {@code k} slots starting
 * at slot {@code s} is the slots {@code s, s+2, .., s+2(k-1)} (all of one end's share); its
 * holder hands it out once (enc_keys) and the other end gives it once more, to the peer SAE
 * (dec_keys). A reconnect aligns the two streams on the longer one; slots only one end holds
 * become void at both (destroyed at the end that held them) and are never used. Thread-safe.
 */
public final class KeyStream {
  private final String peer;
  private final boolean ownsEven;
  private final int slotBytes;
  private final TreeMap<Long, Secret> slots = new TreeMap<>();
  private byte[] pending = new byte[0];
  private long length;
  private long nextOwn;
  private String state;
  private boolean connected;
  private final LinkCounters counters = new LinkCounters();
  private long epoch;
  private boolean lastAborted;
  private final Etsi004Runs runs = new Etsi004Runs();

  /** What {@link #take004} found: the key, or why there is none. */
  public enum Fill { READY, NOT_YET, NO_LINK, GONE }

  /** The answer of {@link #take004}: {@code key} is non-null only when READY. */
  public record Slots(Fill fill, Secret key) {}

  KeyStream(String peer, boolean ownsEven, int slotBytes) {
    this.peer = peer;
    this.ownsEven = ownsEven;
    this.slotBytes = slotBytes;
    this.state = "BB84 link to " + peer + " not connected yet";
  }

  /**
   * Starts a session: from now on only blocks of the returned epoch are appended, so the slot
   * counts this end announces next cannot change under it (an older session's block is dropped).
   */
  synchronized long beginSession() {
    return ++epoch;
  }

  /** The current session's epoch (tests: a refused connection must not start one). */
  synchronized long epoch() {
    return epoch;
  }

  /** Full slots numbered so far (a partly filled slot not counted). */
  synchronized long fullSlots() {
    return length;
  }

  /** Whether a partly filled slot is pending. */
  synchronized boolean partialSlot() {
    return pending.length > 0;
  }

  /**
   * After the slot counts crossed: the slots at and above the shorter end's full-slot count are
   * destroyed (the other end can never serve them), any partial slot is dropped, and numbering
   * resumes after the longer stream, counting a partial slot as one. Both ends compute the same.
   */
  synchronized void align(long session, long peerFull, boolean peerPartial) {
    long mineEnd = length + (pending.length > 0 ? 1 : 0);
    long peerEnd = peerFull + (peerPartial ? 1 : 0);
    Map<Long, Secret> onlyHere = slots.tailMap(Math.min(length, peerFull), true);
    onlyHere.values().forEach(Secret::destroy);
    onlyHere.clear();
    Arrays.fill(pending, (byte) 0);
    pending = new byte[0];
    length = Math.max(mineEnd, peerEnd);
    if (session == epoch) {
      connected = true;
    }
    notifyAll();
  }

  /** Appends a block's key (called by the session; both ends in the same order). */
  synchronized void append(long session, Secret key, Bb84Block.Stats stats, double seconds) {
    if (session != epoch) {
      key.destroy(); // a replaced session: its block is not in the peer's stream
      return;
    }
    byte[] raw = key.reveal();
    byte[] all = new byte[pending.length + raw.length];
    System.arraycopy(pending, 0, all, 0, pending.length);
    System.arraycopy(raw, 0, all, pending.length, raw.length);
    int at = 0;
    for (; at + slotBytes <= all.length; at += slotBytes) {
      slots.put(length++, takeOver(Arrays.copyOfRange(all, at, at + slotBytes)));
    }
    Arrays.fill(pending, (byte) 0);
    pending = Arrays.copyOfRange(all, at, all.length);
    Arrays.fill(all, (byte) 0);
    Arrays.fill(raw, (byte) 0);
    key.destroy();
    lastAborted = false;
    counters.block(stats, seconds);
    state = String.format(Locale.ROOT, "BB84 link to %s up: %d blocks, QBER %.4f", peer,
        counters.blocks, counters.qber);
    notifyAll();
  }

  /** Records an aborted block: nothing is delivered from it. */
  synchronized void aborted(long session, Bb84Block.Stats stats, double seconds) {
    if (session != epoch) {
      return;
    }
    lastAborted = true;
    counters.abort(stats, seconds);
    state = "BB84 link to " + peer + " aborted: " + stats.abort();
    notifyAll();
  }

  synchronized void disconnected(long session, String why) {
    if (session != epoch && session != 0) {
      return; // a newer session is up
    }
    connected = false;
    state = "BB84 link to " + peer + " down: " + why;
    notifyAll();
  }

  /** Waits until the link's status satisfies {@code condition}; false on timeout (tests). */
  synchronized boolean awaitStatus(java.util.function.Predicate<LinkStatus> condition,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(status(1))) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Keys of {@code slotsPerKey} slots this end could hand out now. */
  public synchronized int stored(int slotsPerKey) {
    int keys = 0;
    for (long s = firstOwn(nextOwn); s < length; s = firstOwn(s + 2)) {
      s = runs.pastRuns(s);
      if (s < length && free(s, slotsPerKey)) {
        keys++;
        s += 2L * (slotsPerKey - 1);
      }
    }
    return keys;
  }

  /**
   * Takes {@code number} keys of {@code slotsPerKey} slots from this end's share: the first slot
   * of each, or empty (nothing taken) when fewer are stored.
   */
  public synchronized Optional<long[]> take(int number, int slotsPerKey) {
    long[] first = new long[number];
    int found = 0;
    long s = firstOwn(nextOwn);
    long after = s;
    for (; s < length && found < number; s = firstOwn(s + 2)) {
      s = runs.pastRuns(s);
      if (s < length && free(s, slotsPerKey)) {
        first[found++] = s;
        s += 2L * (slotsPerKey - 1);
        after = s + 2;
      }
    }
    if (found < number) {
      return Optional.empty();
    }
    nextOwn = after;
    runs.forgetEndedBy(nextOwn); // behind us
    counters.delivered(number);
    return Optional.of(first);
  }

  /** The key of {@code slotsPerKey} slots at {@code first}, {@code bytes} long, removed. */
  public synchronized Secret key(long first, int slotsPerKey, int bytes) {
    byte[] out = new byte[slotsPerKey * slotBytes];
    for (int i = 0; i < slotsPerKey; i++) {
      Secret slot = slots.remove(first + 2L * i);
      byte[] raw = slot.reveal();
      System.arraycopy(raw, 0, out, i * slotBytes, slotBytes);
      Arrays.fill(raw, (byte) 0);
      slot.destroy();
    }
    try {
      return takeOver(Arrays.copyOf(out, bytes));
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  /** A secret of {@code temp}'s bytes; {@code temp} is zeroed. */
  static Secret takeOver(byte[] temp) {
    try {
      return Secret.copyOf(temp);
    } finally {
      Arrays.fill(temp, (byte) 0);
    }
  }

  /**
   * The peer's keys: key {@code i} has {@code slots[i]} slots from {@code first[i]} and is
   * {@code bytes[i]} long. All or nothing, each given once (removed); waits up to {@code wait}
   * for a block the peer finished a moment earlier. Empty when one is not of the peer's share,
   * was given already, or does not arrive.
   */
  public synchronized Optional<List<Secret>> fetch(long[] first, int[] slots, int[] bytes,
      Duration wait) throws InterruptedException {
    long last = -1;
    for (int k = 0; k < first.length; k++) {
      if (first[k] < 0 || slots[k] < 1 || isOwn(first[k])) {
        return Optional.empty();
      }
      last = Math.max(last, first[k] + 2L * (slots[k] - 1));
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (length <= last) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, left / 1_000_000));
    }
    for (int k = 0; k < first.length; k++) {
      if (!run(first[k], slots[k])) {
        return Optional.empty();
      }
    }
    List<Secret> keys = new ArrayList<>();
    for (int k = 0; k < first.length; k++) {
      keys.add(key(first[k], slots[k], bytes[k]));
    }
    counters.delivered(first.length);
    return Optional.of(keys);
  }

  /**
   * Waits until at least {@code blocks} blocks have ended here (made a key or aborted) and this
   * end holds {@code keys} keys of one slot; false on timeout. For tests and the demo.
   */
  public synchronized boolean await(long blocks, int keys, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (counters.blocks + counters.aborts < blocks || stored(1) < keys) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** The peer end's KME ID. */
  public String peer() {
    return peer;
  }

  /** True when the slot is of this end's share. */
  public boolean isOwn(long slot) {
    return (slot % 2 == 0) == ownsEven;
  }

  /**
   * Reserves {@code count} of this end's slots for an ETSI 004 stream and returns the first: own
   * slots not received yet (past the stream and past earlier runs), every second one. ETSI 014
   * skips them ({@link #take}), so neither API hands out a slot the other did, and the slots on
   * hand stay for ETSI 014. Until they arrive, {@link #level} counts them as missing, so the link
   * keeps running blocks.
   */
  public synchronized long reserve(long count) {
    return runs.reserve(firstOwn(Math.max(Math.max(length, nextOwn), runs.reservedUpTo())),
        count);
  }

  /** True while {@code first} starts a run reserved here (this end minted it, not yet closed). */
  public synchronized boolean reservedHere(long first) {
    return runs.startsRun(first);
  }

  /**
   * The level the link fills to: {@link #stored} less the reserved slots not received yet (in
   * keys of {@code slotsPerKey}), at least 0.
   */
  public synchronized int level(int slotsPerKey) {
    return (int) Math.max(0, stored(slotsPerKey) - missing() / slotsPerKey);
  }

  /** Slots reserved by ETSI 004 runs and not received yet. */
  public synchronized long missing() {
    return runs.missing(firstOwn(length));
  }

  /**
   * The ETSI 004 key of {@code count} slots from {@code first} (every second slot),
   * {@code bytes} long, removed: READY; or NOT_YET (a slot is still to come while the link
   * works; waits up to {@code wait} for it), NO_LINK (still to come, but the link is down or
   * its last block aborted), GONE (void or given already).
   */
  public synchronized Slots take004(long first, int count, int bytes, Duration wait)
      throws InterruptedException {
    long last = first + 2L * (count - 1);
    long deadline = System.nanoTime() + wait.toNanos();
    while (length <= last && healthy()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    if (length <= last) {
      return new Slots(healthy() ? Fill.NOT_YET : Fill.NO_LINK, null);
    }
    if (!run(first, count)) {
      return new Slots(Fill.GONE, null);
    }
    counters.delivered(1);
    return new Slots(Fill.READY, key(first, count, bytes));
  }

  /** Destroys the slots of a closed ETSI 004 stream that this end still holds. */
  public synchronized void discard(long first, long count) {
    runs.remove(first);
    var held = slots.subMap(first, true, first + 2 * count, false).entrySet().iterator();
    while (held.hasNext()) {
      var e = held.next();
      if ((e.getKey() - first) % 2 == 0) {
        e.getValue().destroy();
        held.remove();
      }
    }
  }

  /** The run of {@code count} slots from {@code first} is held and in no ETSI 004 run. */
  private boolean free(long first, int count) {
    for (int i = 0; i < count; i++) {
      if (runs.pastRuns(first + 2L * i) != first + 2L * i) {
        return false;
      }
    }
    return run(first, count);
  }

  private boolean healthy() {
    return connected && !lastAborted;
  }

  /** Why there are no keys: the link's state in one line. */
  public synchronized String state() {
    return state;
  }

  public synchronized LinkStatus status(int slotsPerKey) {
    return counters.status(peer, state, connected, stored(slotsPerKey));
  }

  /** Destroys every slot (the end is closing). */
  synchronized void clear() {
    slots.values().forEach(Secret::destroy);
    slots.clear();
    Arrays.fill(pending, (byte) 0);
  }

  private boolean run(long first, int count) {
    for (int i = 0; i < count; i++) {
      if (!slots.containsKey(first + 2L * i)) {
        return false;
      }
    }
    return true;
  }

  private long firstOwn(long from) {
    return isOwn(from) ? from : from + 1;
  }
}

package org.ukms.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ukms.crypto.Hkdf;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.Status;
import org.ukms.qlink.Bb84Links;
import org.ukms.qlink.KeyStream;

/**
 * Where an ETSI 004 store on BB84 links takes its keys (docs/bb84.md, "ETSI 004 on the link"):
 * from the link's key stream, with no PRF and no message on the link. OPEN_CONNECT with a NULL
 * KSID reserves a run of this end's own slots still to come ({@link KeyStream#reserve}), and the
 * KSID names
 * the run: first slot (40 bits) ‖ indices (24 bits) ‖ key chunk size − 1 (16 bits) ‖ a 48-bit
 * tag, HMAC-SHA256 under {@code HKDF(link secret, info "ukms-sim bb84 etsi004 ksid v1")} of
 * those 10 bytes and both KME IDs. The other end checks the tag and serves the same slots;
 * index {@code i} is {@code k} slots from {@code first + 2ki} (every second slot, the owner's
 * share), {@code k} the slots a chunk needs. Thread-safe.
 */
final class Etsi004Bb84 {
  static final int DEFAULT_INDICES = 1024;
  static final int MAX_INDICES = (1 << 24) - 1;
  static final Duration ARRIVAL = Duration.ofSeconds(2);
  /** Slots one stream may reserve (2 MiB of 32-byte slots): fewer indices for big chunks. */
  static final long MAX_RUN_SLOTS = 1 << 16;
  /** Reserved slots not received yet, per link, above which OPEN_CONNECT waits (status 4). */
  static final long MAX_MISSING = 1 << 20;
  private static final long MAX_FIRST = (1L << 40) - 1;
  private static final int TAG = 6;
  private static final Pattern URI_AUTHORITY = Pattern.compile(
      "[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:@]+)(?::[0-9]*)?(?:[/?#].*)?");

  /** A stream's run: {@code indices} keys of {@code chunk} bytes from slot {@code first}. */
  record Run(KeyStream stream, long first, int indices, int chunk, int slotsPerIndex) {}

  /** A GET_KEY's outcome: the key, or the status to answer. */
  record Answer(Status status, Secret key) {}

  private final Bb84Links links;
  private final byte[] tagKey;
  private final int slotBytes;
  private final int indices;
  private final Duration arrival;

  Etsi004Bb84(Bb84Links links, Secret linkSecret, int slotBytes, int indices, Duration arrival) {
    if (indices < 1 || indices > MAX_INDICES) {
      throw new IllegalArgumentException("ETSI 004 indices per BB84 key stream must be in 1.."
          + MAX_INDICES + ", found " + indices);
    }
    this.links = links;
    byte[] secret = linkSecret.reveal();
    try {
      this.tagKey = Hkdf.derive(new byte[0], secret,
          "ukms-sim bb84 etsi004 ksid v1".getBytes(StandardCharsets.UTF_8), 32);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    this.slotBytes = slotBytes;
    this.indices = indices;
    this.arrival = arrival;
  }

  /**
   * A new run of this end's slots on the link to {@code destination}'s end (the only link when
   * there is one): {@code indices} keys, fewer when they would need more than
   * {@link #MAX_RUN_SLOTS} slots. Empty when no link has said hello yet, or when the link's
   * runs miss more than {@link #MAX_MISSING} slots.
   */
  Optional<Run> reserve(String destination, long chunk) {
    Optional<KeyStream> stream =
        links.streamFor(destination).or(() -> links.streamFor(peerSae(destination)));
    if (stream.isEmpty()) {
      return Optional.empty();
    }
    int k = slotsFor(chunk);
    int count = (int) Math.max(1, Math.min(indices, MAX_RUN_SLOTS / k));
    if (stream.get().missing() + (long) count * k > MAX_MISSING) {
      return Optional.empty(); // the link has a backlog to fill first
    }
    long first = stream.get().reserve((long) count * k);
    if (first > MAX_FIRST) {
      return Optional.empty();
    }
    return Optional.of(new Run(stream.get(), first, count, (int) chunk, k));
  }

  /**
   * The SAE a destination URI names, for an end with several links whose SAE IDs are not the
   * destinations themselves: the URI's host, after {@code scheme://} and without user info or
   * port ({@code ukms://bob} and {@code ukms://bob:443/x} name SAE {@code bob}); the whole text
   * when it has no such part. An end with one link uses it whatever the destination.
   */
  static String peerSae(String destination) {
    Matcher m = URI_AUTHORITY.matcher(destination);
    return m.matches() ? m.group(1) : destination;
  }

  /** The KSID naming {@code run}. */
  KeyStreamId ksid(Run run) {
    ByteBuffer b = ByteBuffer.allocate(KeyStreamId.BYTES);
    b.put(body(run.first(), run.indices(), run.chunk()));
    b.put(tag(run.stream(), b.array()), 0, TAG);
    return KeyStreamId.of(b.array());
  }

  /** The run a KSID names, if its tag is right for one of this end's links (see below). */
  Optional<Run> open(KeyStreamId ksid) {
    byte[] bytes = ksid.toBytes();
    byte[] got = Arrays.copyOfRange(bytes, 10, 16);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long first = (b.getLong() >>> 24) & MAX_FIRST;
    int count = ((bytes[5] & 0xFF) << 16) | ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
    int chunk = (((bytes[8] & 0xFF) << 8) | (bytes[9] & 0xFF)) + 1;
    for (KeyStream stream : links.streams()) {
      byte[] want = Arrays.copyOf(tag(stream, bytes), TAG);
      // This end's own runs only while it holds them (not after a CLOSE or a restart of this
      // end, whose new runs may cover the same slots).
      if (MessageDigest.isEqual(want, got) && count >= 1
          && (!stream.isOwn(first) || stream.reservedHere(first))) {
        return Optional.of(new Run(stream, first, count, chunk, slotsFor(chunk)));
      }
    }
    return Optional.empty();
  }

  /**
   * Index {@code index} of {@code run}: the key; status 2 while a slot is still to come on a
   * working link (after waiting a moment for it), 4 when the link is down or aborting, and the
   * non-standard 9 for an index past the run or one already given here (or void).
   */
  Answer key(Run run, long index) throws InterruptedException {
    if (index < 0 || index >= run.indices()) {
      return new Answer(Etsi004Store.STREAM_NOT_FOUND, null);
    }
    long first = run.first() + 2L * run.slotsPerIndex() * index;
    KeyStream.Slots s = run.stream().take004(first, run.slotsPerIndex(), run.chunk(), arrival);
    return switch (s.fill()) {
      case READY -> new Answer(Status.SUCCESSFUL, s.key());
      case NOT_YET -> new Answer(Status.GK_INSUFFICIENT_KEY, null);
      case NO_LINK -> new Answer(Status.NO_QKD_CONNECTION, null);
      case GONE -> new Answer(Etsi004Store.STREAM_NOT_FOUND, null);
    };
  }

  /** The link's state in one line (why a stream has no key). */
  String state(Run run) {
    return run.stream().state();
  }

  /** Drops the slots of a closed stream that this end still holds. */
  void discard(Run run) {
    run.stream().discard(run.first(), (long) run.indices() * run.slotsPerIndex());
  }

  private int slotsFor(long chunk) {
    return (int) Math.max(1, (chunk + slotBytes - 1) / slotBytes);
  }

  private static byte[] body(long first, int count, int chunk) {
    ByteBuffer b = ByteBuffer.allocate(10);
    b.put((byte) (first >>> 32)).putInt((int) first);
    b.put((byte) (count >>> 16)).put((byte) (count >>> 8)).put((byte) count);
    b.putShort((short) (chunk - 1));
    return b.array();
  }

  /** HMAC of the KSID's first 10 bytes and both KME IDs (smaller first). */
  private byte[] tag(KeyStream stream, byte[] ksid) {
    String self = links.kmeId();
    String peer = stream.peer();
    String a = self.compareTo(peer) < 0 ? self : peer;
    String z = self.compareTo(peer) < 0 ? peer : self;
    byte[] ia = a.getBytes(StandardCharsets.UTF_8);
    byte[] iz = z.getBytes(StandardCharsets.UTF_8);
    ByteBuffer in = ByteBuffer.allocate(10 + 8 + ia.length + iz.length);
    in.put(ksid, 0, 10).putInt(ia.length).put(ia).putInt(iz.length).put(iz);
    return Hkdf.hmac(tagKey, in.array());
  }
}

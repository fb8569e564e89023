package org.ukms.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.BinaryCodec;
import org.ukms.etsi004.CloseRequest;
import org.ukms.etsi004.CloseResponse;
import org.ukms.etsi004.Etsi004ProtocolException;
import org.ukms.etsi004.GetKeyRequest;
import org.ukms.etsi004.GetKeyResponse;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.Metadata;
import org.ukms.etsi004.OpenConnectRequest;
import org.ukms.etsi004.OpenConnectResponse;
import org.ukms.etsi004.Qos;
import org.ukms.etsi004.Status;

/**
 * One end of a simulated ETSI 004 KM, in memory: answers one binary-binding frame with another
 * ({@link #serve}), so a client can use it directly as its transport. Two ends holding the same
 * link secret derive identical keys for the same KSID and index, without talking
 * (E004-GK-02; the key is {@link LinkKeys#key} of master "\0etsi004", slave the KSID text).
 *
 * <p>Choices (docs/etsi004.md, docs/simulator.md): OPEN_CONNECT with a NULL KSID registers a new
 * random KSID (case 1: the caller passes it to its peer); a registered KSID answers with the QoS
 * assigned first if the (source, destination) pair matches in either order, else status 5.
 * QoS negotiation against {@link Etsi004Limits}: key chunk size 0 means 32 (or the smallest
 * allowed), a chunk size outside the range, a mimetype other than "" and application/json, or a
 * {@code min_bps} above the link rate is status 7 with a counter-proposal; {@code max_bps} is
 * granted up to the link rate and then limits delivery (a GET_KEY before the stream's next chunk
 * is due is status 2). A stream unused for its QoS TTL (0: never) is gone with its keys, and
 * OPEN_CONNECT naming it again is refused with status 9. With {@link #blockUntilPeer},
 * OPEN_CONNECT waits up to the QoS timeout for the peer application to open the same KSID
 * (status 1 if it does not). Metadata {@code {"age":0,"hops":0}} is returned when the buffer is
 * non-zero and the stream asked for JSON; a smaller buffer gets status 8. A CLOSEd KSID is
 * forgotten; unknown KSIDs get the non-standard status 9 (as Quditto's STREAM_NOT_FOUND). At most
 * {@link #MAX_STREAMS} streams; injected clock. On BB84 links ({@link #onBb84Links}) keys come
 * from the links' key streams instead of the PRF ({@link Etsi004Bb84}). Thread-safe.
 */
public final class Etsi004Store {
  static final int MAX_STREAMS = 4096;
  static final long MAX_CHUNK = Etsi004Limits.MAX_CHUNK;
  static final Status STREAM_NOT_FOUND = new Status(9);
  private static final byte[] METADATA = "{\"age\":0,\"hops\":0}".getBytes(StandardCharsets.UTF_8);

  /** A registered stream: who opened it, its QoS, when last used, when its next chunk is due. */
  private static final class Stream {
    final String source;
    final String destination;
    final Qos qos;
    /** On BB84 links: the slots its keys come from (else null: the PRF). */
    Etsi004Bb84.Run run;
    Instant lastUsed;
    Instant nextDue;

    Stream(String source, String destination, Qos qos, Instant now) {
      this.source = source;
      this.destination = destination;
      this.qos = qos;
      this.lastUsed = now;
      this.nextDue = now;
    }

    boolean sameApplication(OpenConnectRequest r) {
      return source.equals(r.source()) && destination.equals(r.destination())
          || source.equals(r.destination()) && destination.equals(r.source());
    }

    boolean expired(Instant now) {
      return qos.ttlSeconds() > 0
          && !now.isBefore(lastUsed.plusSeconds(qos.ttlSeconds()));
    }
  }

  private final LinkKeys keys;
  private final RandomGenerator random;
  private final InstantSource clock;
  private final Etsi004Limits limits;
  private final Etsi004Faults faults = new Etsi004Faults();
  private Etsi004Bb84 bb84;
  private Etsi004Rendezvous rendezvous = new Etsi004Rendezvous();
  private boolean blocking;
  private final Map<KeyStreamId, Stream> streams = new LinkedHashMap<>();
  private final LinkedHashSet<KeyStreamId> expired = new LinkedHashSet<>();
  private final List<OpenConnectRequest> opened = new ArrayList<>();
  private final List<KeyStreamId> closes = new ArrayList<>();

  private Etsi004Store(LinkKeys keys, RandomGenerator random, InstantSource clock,
      Etsi004Limits limits) {
    this.keys = keys;
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** One end of a link; the other end is another store with the same secret. */
  public static Etsi004Store linked(Secret linkSecret, RandomGenerator random) {
    return linked(linkSecret, random, InstantSource.system(), Etsi004Limits.DEFAULT);
  }

  /** One end of a link with its clock (TTL, rate) and what it can grant. */
  public static Etsi004Store linked(Secret linkSecret, RandomGenerator random,
      InstantSource clock, Etsi004Limits limits) {
    return new Etsi004Store(new LinkKeys(linkSecret), random, clock, limits);
  }

  /**
   * One end on BB84 links: keys come from the links' key streams (docs/bb84.md), a NULL KSID
   * reserving {@code indices} keys of this end's share; a KSID that no link's tag fits is
   * refused (status 9). {@code arrival}: how long GET_KEY waits for a slot still to come.
   */
  public static Etsi004Store onBb84Links(Secret linkSecret, RandomGenerator random,
      InstantSource clock, Etsi004Limits limits, org.ukms.qlink.Bb84Links links, int slotBytes,
      int indices, Duration arrival) {
    Etsi004Store store = new Etsi004Store(new LinkKeys(linkSecret), random, clock, limits);
    store.bb84 = new Etsi004Bb84(links, linkSecret, slotBytes, indices, arrival);
    return store;
  }
  /** Whether a call may wait (a BB84 slot still to arrive): its server then answers on workers. */
  public boolean mayBlock() {
    return bb84 != null;
  }

  public Etsi004Faults faults() {
    return faults;
  }

  /**
   * Makes OPEN_CONNECT block until the peer application (the request's destination) has opened
   * the same KSID, here or at an end sharing {@code shared}, for up to the QoS timeout (0: the
   * answer comes at once); then status 0, or status 1 if the peer is not there yet.
   */
  public synchronized Etsi004Store blockUntilPeer(Etsi004Rendezvous shared) {
    this.rendezvous = Objects.requireNonNull(shared, "shared");
    this.blocking = true;
    return this;
  }

  /** The OPEN_CONNECT requests received so far, in order (tests assert the QoS, E004-OC-07). */
  public synchronized List<OpenConnectRequest> openConnects() {
    return List.copyOf(opened);
  }

  /** The KSIDs of the CLOSE requests received so far, in order. */
  public synchronized List<KeyStreamId> closes() {
    return List.copyOf(closes);
  }

  /**
   * Answers one request frame with the same version bytes. A frame that breaks the binding
   * raises {@link Etsi004ProtocolException}; the server then drops the connection.
   */
  public byte[] serve(byte[] frame) {
    int service = BinaryCodec.service(frame);
    BinaryCodec codec = new BinaryCodec(new BinaryCodec.Version(frame[0] & 0xFF, frame[1] & 0xFF,
        frame[2] & 0xFF));
    return switch (service) {
      case BinaryCodec.OPEN_CONNECT_REQUEST ->
          codec.encode(openAndWait(BinaryCodec.decodeOpenConnectRequest(frame)));
      case BinaryCodec.GET_KEY_REQUEST -> {
        GetKeyResponse r = getKey(BinaryCodec.decodeGetKeyRequest(frame));
        try {
          yield codec.encode(r);
        } finally {
          r.key().destroy();
        }
      }
      case BinaryCodec.CLOSE_REQUEST ->
          codec.encode(close(BinaryCodec.decodeCloseRequest(frame)));
      default -> throw new Etsi004ProtocolException(String.format(
          "ETSI 004 request: unknown service 0x%02x", service));
    };
  }

  /** OPEN_CONNECT, then (when blocking) the wait for the peer application, outside the lock. */
  OpenConnectResponse openAndWait(OpenConnectRequest r) {
    OpenConnectResponse response = openConnect(r);
    Etsi004Rendezvous shared;
    boolean block;
    synchronized (this) {
      shared = rendezvous;
      block = blocking;
    }
    long code = response.status().code();
    if (code != 0 && code != 1) {
      return response;
    }
    shared.opened(response.ksid(), r.source());
    if (!block || code == 1) {
      return response;
    }
    try {
      boolean there = shared.awaitPeer(response.ksid(), r.destination(),
          Duration.ofMillis(response.qos().timeoutMs()), clock);
      return there ? response : new OpenConnectResponse(Status.PEER_NOT_CONNECTED,
          response.qos(), response.ksid());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is closing
      return new OpenConnectResponse(Status.TIMEOUT, response.qos(), response.ksid());
    }
  }

  synchronized OpenConnectResponse openConnect(OpenConnectRequest r) {
    remember(opened, r);
    Instant now = clock.instant();
    expire(now);
    Status forced = faults.next(Etsi004Faults.Call.OPEN_CONNECT).orElse(null);
    if (forced != null && forced.code() == 7) {
      return new OpenConnectResponse(forced, r.qos().withKeyChunkSize(faults.counterChunkSize()),
          r.ksid());
    }
    if (forced != null && forced.code() != 1) {
      return new OpenConnectResponse(forced, r.qos(), KeyStreamId.NULL);
    }
    Status ok = forced == null ? Status.SUCCESSFUL : forced;
    if (expired.contains(r.ksid())) {
      return new OpenConnectResponse(STREAM_NOT_FOUND, r.qos(), KeyStreamId.NULL);
    }
    Stream known = r.ksid().isNull() ? null : streams.get(r.ksid());
    if (known != null) {
      if (!known.sameApplication(r)) {
        return new OpenConnectResponse(Status.OC_KSID_IN_USE, r.qos(), KeyStreamId.NULL);
      }
      known.lastUsed = now;
      return new OpenConnectResponse(ok, known.qos, r.ksid());
    }
    Etsi004Bb84.Run run = null;
    Qos asked = r.qos();
    if (bb84 != null && !r.ksid().isNull()) { // the peer's stream: its tag names the slots
      run = bb84.open(r.ksid()).orElse(null);
      if (run == null) {
        return new OpenConnectResponse(STREAM_NOT_FOUND, r.qos(), KeyStreamId.NULL);
      }
      asked = asked.keyChunkSize() == 0 ? asked.withKeyChunkSize(run.chunk()) : asked;
      if (asked.keyChunkSize() != run.chunk()) {
        return new OpenConnectResponse(Status.OC_QOS_NOT_MET,
            r.qos().withKeyChunkSize(run.chunk()), KeyStreamId.NULL);
      }
    }
    Qos offer = negotiate(asked);
    if (!offer.equals(asked)) {
      return new OpenConnectResponse(Status.OC_QOS_NOT_MET, offer, KeyStreamId.NULL);
    }
    if (streams.size() >= MAX_STREAMS) {
      return new OpenConnectResponse(Status.NO_QKD_CONNECTION, r.qos(), KeyStreamId.NULL);
    }
    Qos granted = granted(asked);
    if (bb84 != null && run == null) {
      run = bb84.reserve(r.destination(), granted.keyChunkSize()).orElse(null);
      if (run == null) {
        return new OpenConnectResponse(Status.NO_QKD_CONNECTION, r.qos(), KeyStreamId.NULL);
      }
    }
    KeyStreamId ksid = run == null ? r.ksid() : bb84.ksid(run);
    while (run == null && (ksid.isNull() || streams.containsKey(ksid) || expired.contains(ksid))) {
      ksid = new KeyStreamId(random.nextLong(), random.nextLong());
    }
    Stream stream = new Stream(r.source(), r.destination(), granted, now);
    stream.run = run;
    streams.put(ksid, stream);
    return new OpenConnectResponse(ok, granted, ksid);
  }

  /**
   * The request as it can be met: equal to it when acceptable (chunk size 0 and {@code max_bps}
   * are filled in by {@link #granted}), else the counter-proposal of a status 7.
   */
  private Qos negotiate(Qos q) {
    long chunk = q.keyChunkSize() == 0 ? 0
        : Math.max(limits.minChunk(), Math.min(q.keyChunkSize(), limits.maxChunk()));
    String mime = q.metadataMimetype().isEmpty() ? "" : Qos.JSON;
    long link = limits.linkBps();
    long minBps = link > 0 ? Math.min(q.minBps(), link) : q.minBps();
    if (q.maxBps() != 0 && minBps > q.maxBps()) {
      minBps = q.maxBps();
    }
    return new Qos(chunk, q.maxBps(), minBps, q.jitter(), q.priority(), q.timeoutMs(),
        q.ttlSeconds(), mime);
  }

  /** An acceptable request with the KM's choices filled in: chunk size and the rate cap. */
  private Qos granted(Qos q) {
    long chunk = q.keyChunkSize() == 0
        ? Math.max(limits.minChunk(), Math.min(32, limits.maxChunk())) : q.keyChunkSize();
    long link = limits.linkBps();
    long maxBps = link == 0 ? q.maxBps() : q.maxBps() == 0 ? link : Math.min(q.maxBps(), link);
    return new Qos(chunk, maxBps, q.minBps(), q.jitter(), q.priority(), q.timeoutMs(),
        q.ttlSeconds(), q.metadataMimetype());
  }

  /** Streams unused for their TTL are gone with their keys; their KSIDs are refused from now on. */
  private void expire(Instant now) {
    var it = streams.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().expired(now)) {
        it.remove();
        discard(e.getValue());
        remember(expired, e.getKey());
      }
    }
  }

  GetKeyResponse getKey(GetKeyRequest r) {
    Stream stream;
    Instant now = clock.instant();
    synchronized (this) {
      expire(now);
      stream = streams.get(r.ksid());
    }
    Status forced = faults.next(Etsi004Faults.Call.GET_KEY).orElse(null);
    if (forced != null && forced.code() == 8) {
      return metadataTooSmall(r, faults.neededMetadata());
    }
    if (forced != null) {
      return empty(forced, r);
    }
    if (stream == null) {
      return empty(STREAM_NOT_FOUND, r);
    }
    Metadata metadata = Metadata.EMPTY;
    if (r.metadataCapacity() > 0 && stream.qos.metadataMimetype().equals(Qos.JSON)) {
      if (r.metadataCapacity() < METADATA.length) {
        return metadataTooSmall(r, METADATA.length);
      }
      metadata = Metadata.of(METADATA);
    }
    synchronized (this) {
      if (now.isBefore(stream.nextDue)) {
        return empty(Status.GK_INSUFFICIENT_KEY, r); // faster than max_bps: not yet
      }
      stream.lastUsed = now;
      long maxBps = stream.qos.maxBps();
      if (maxBps > 0) {
        long nanos = stream.qos.keyChunkSize() * 8 * 1_000_000_000L / maxBps;
        stream.nextDue = now.plus(Duration.ofNanos(Math.max(1, nanos)));
      }
    }
    if (stream.run != null) {
      return bb84Key(stream.run, r, metadata);
    }
    Secret key = keys.key("\0etsi004", r.ksid().toString(), (int) stream.qos.keyChunkSize(),
        r.index());
    return new GetKeyResponse(Status.SUCCESSFUL, r.index(), key, metadata);
  }

  private GetKeyResponse bb84Key(Etsi004Bb84.Run run, GetKeyRequest r, Metadata metadata) {
    try {
      Etsi004Bb84.Answer a = bb84.key(run, r.index());
      return a.key() == null ? empty(a.status(), r)
          : new GetKeyResponse(Status.SUCCESSFUL, r.index(), a.key(), metadata);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is closing
      return empty(Status.TIMEOUT, r);
    }
  }

  private static GetKeyResponse empty(Status status, GetKeyRequest r) {
    return new GetKeyResponse(status, r.index(), Secret.copyOf(new byte[0]), Metadata.EMPTY);
  }

  synchronized CloseResponse close(CloseRequest r) {
    remember(closes, r.ksid());
    Status forced = faults.next(Etsi004Faults.Call.CLOSE).orElse(null);
    Stream gone = streams.remove(r.ksid());
    if (gone == null) {
      return new CloseResponse(forced != null ? forced : STREAM_NOT_FOUND);
    }
    discard(gone);
    return new CloseResponse(forced != null ? forced : Status.SUCCESSFUL);
  }

  /** Adds {@code item} to a bounded record, dropping its oldest past {@link #MAX_STREAMS}. */
  private static <T> void remember(Collection<T> record, T item) {
    record.add(item);
    if (record.size() > MAX_STREAMS) {
      record.remove(record.iterator().next());
    }
  }

  /** A closed or expired stream's BB84 slots this end still holds are destroyed. */
  private void discard(Stream gone) {
    if (gone.run != null) {
      bb84.discard(gone.run);
    }
  }

  private static GetKeyResponse metadataTooSmall(GetKeyRequest r, int needed) {
    return new GetKeyResponse(Status.GK_METADATA_TOO_SMALL, r.index(),
        Secret.copyOf(new byte[0]), Metadata.of(new byte[needed]));
  }
}

package org.ukms.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * <p>Choices (docs/etsi004.md): OPEN_CONNECT with a NULL KSID registers a new random KSID (case 1:
 * the caller passes it to its peer); a registered KSID answers with the QoS assigned first if the
 * (source, destination) pair matches in either order, else status 5. QoS: key chunk size 0 means
 * 32, above 64 KiB or a mimetype other than "" and application/json is status 7 with a
 * counter-proposal. Metadata {@code {"age":0,"hops":0}} is returned when the buffer is non-zero
 * and the stream asked for JSON; a smaller buffer gets status 8. A CLOSEd KSID is forgotten;
 * unknown KSIDs get the non-standard status 9 (as Quditto's STREAM_NOT_FOUND). At most
 * {@link #MAX_STREAMS} streams. Thread-safe.
 */
public final class Etsi004Store {
  static final int MAX_STREAMS = 4096;
  static final long MAX_CHUNK = 64 * 1024;
  static final Status STREAM_NOT_FOUND = new Status(9);
  private static final byte[] METADATA = "{\"age\":0,\"hops\":0}".getBytes(StandardCharsets.UTF_8);

  private record Stream(String source, String destination, Qos qos) {
    boolean sameApplication(OpenConnectRequest r) {
      return source.equals(r.source()) && destination.equals(r.destination())
          || source.equals(r.destination()) && destination.equals(r.source());
    }
  }

  private final LinkKeys keys;
  private final RandomGenerator random;
  private final Etsi004Faults faults = new Etsi004Faults();
  private final Map<KeyStreamId, Stream> streams = new LinkedHashMap<>();
  private final List<OpenConnectRequest> opened = new ArrayList<>();
  private final List<KeyStreamId> closes = new ArrayList<>();

  private Etsi004Store(LinkKeys keys, RandomGenerator random) {
    this.keys = keys;
    this.random = random;
  }

  /** One end of a link; the other end is another store with the same secret. */
  public static Etsi004Store linked(Secret linkSecret, RandomGenerator random) {
    return new Etsi004Store(new LinkKeys(linkSecret), Objects.requireNonNull(random, "random"));
  }

  public Etsi004Faults faults() {
    return faults;
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
          codec.encode(openConnect(BinaryCodec.decodeOpenConnectRequest(frame)));
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

  synchronized OpenConnectResponse openConnect(OpenConnectRequest r) {
    opened.add(r);
    if (opened.size() > MAX_STREAMS) {
      opened.remove(0);
    }
    Status forced = faults.next(Etsi004Faults.Call.OPEN_CONNECT).orElse(null);
    if (forced != null && forced.code() == 7) {
      return new OpenConnectResponse(forced, r.qos().withKeyChunkSize(faults.counterChunkSize()),
          r.ksid());
    }
    if (forced != null && forced.code() != 1) {
      return new OpenConnectResponse(forced, r.qos(), KeyStreamId.NULL);
    }
    Status ok = forced == null ? Status.SUCCESSFUL : forced;
    Stream known = r.ksid().isNull() ? null : streams.get(r.ksid());
    if (known != null) {
      return known.sameApplication(r)
          ? new OpenConnectResponse(ok, known.qos(), r.ksid())
          : new OpenConnectResponse(Status.OC_KSID_IN_USE, r.qos(), KeyStreamId.NULL);
    }
    Qos qos = r.qos().keyChunkSize() == 0 ? r.qos().withKeyChunkSize(32) : r.qos();
    String mime = qos.metadataMimetype();
    if (qos.keyChunkSize() > MAX_CHUNK || !(mime.isEmpty() || mime.equals(Qos.JSON))) {
      Qos offer = new Qos(Math.min(qos.keyChunkSize(), MAX_CHUNK), qos.maxBps(), qos.minBps(),
          qos.jitter(), qos.priority(), qos.timeoutMs(), qos.ttlSeconds(), Qos.JSON);
      return new OpenConnectResponse(Status.OC_QOS_NOT_MET, offer, KeyStreamId.NULL);
    }
    if (streams.size() >= MAX_STREAMS) {
      return new OpenConnectResponse(Status.NO_QKD_CONNECTION, r.qos(), KeyStreamId.NULL);
    }
    KeyStreamId ksid = r.ksid();
    while (ksid.isNull() || streams.containsKey(ksid)) {
      ksid = new KeyStreamId(random.nextLong(), random.nextLong());
    }
    streams.put(ksid, new Stream(r.source(), r.destination(), qos));
    return new OpenConnectResponse(ok, qos, ksid);
  }

  GetKeyResponse getKey(GetKeyRequest r) {
    Stream stream;
    synchronized (this) {
      stream = streams.get(r.ksid());
    }
    Status forced = faults.next(Etsi004Faults.Call.GET_KEY).orElse(null);
    if (forced != null && forced.code() == 8) {
      return metadataTooSmall(r, faults.neededMetadata());
    }
    if (forced != null) {
      return new GetKeyResponse(forced, r.index(), Secret.copyOf(new byte[0]), Metadata.EMPTY);
    }
    if (stream == null) {
      return new GetKeyResponse(STREAM_NOT_FOUND, r.index(), Secret.copyOf(new byte[0]),
          Metadata.EMPTY);
    }
    Metadata metadata = Metadata.EMPTY;
    if (r.metadataCapacity() > 0 && stream.qos().metadataMimetype().equals(Qos.JSON)) {
      if (r.metadataCapacity() < METADATA.length) {
        return metadataTooSmall(r, METADATA.length);
      }
      metadata = Metadata.of(METADATA);
    }
    Secret key = keys.key("\0etsi004", r.ksid().toString(), (int) stream.qos().keyChunkSize(),
        r.index());
    return new GetKeyResponse(Status.SUCCESSFUL, r.index(), key, metadata);
  }

  synchronized CloseResponse close(CloseRequest r) {
    closes.add(r.ksid());
    if (closes.size() > MAX_STREAMS) {
      closes.remove(0);
    }
    Status forced = faults.next(Etsi004Faults.Call.CLOSE).orElse(null);
    if (streams.remove(r.ksid()) == null) {
      return new CloseResponse(forced != null ? forced : STREAM_NOT_FOUND);
    }
    return new CloseResponse(forced != null ? forced : Status.SUCCESSFUL);
  }

  private static GetKeyResponse metadataTooSmall(GetKeyRequest r, int needed) {
    return new GetKeyResponse(Status.GK_METADATA_TOO_SMALL, r.index(),
        Secret.copyOf(new byte[0]), Metadata.of(new byte[needed]));
  }
}

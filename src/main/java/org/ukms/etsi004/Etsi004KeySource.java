package org.ukms.etsi004;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ukms.core.KeyRef;
import org.ukms.core.KeySource;
import org.ukms.core.KeySourceException;
import org.ukms.crypto.Secret;

/**
 * ETSI GS QKD 004 as a {@link KeySource}. By default the key stream is agreed over the
 * authenticated peer channel (spec use case 1): the initiator opens its own stream with a NULL
 * KSID, takes the next index, and sends {@code KSID:index} as the reference; the peer opens that
 * KSID (once) and takes the same index. With a KSID fixed in config (use case 3) both ends open
 * that one stream and take disjoint indices. The initiator's stream and next index are kept in a
 * {@link StreamLedger} and resumed after a crash ({@link InitiatorStream}), so no index is ever
 * asked twice (E004-GK-03, E004-CL-03); {@link #close()} CLOSEs every stream (E004-CL-01). At most
 * {@link #MAX_PEER_STREAMS} of the peer's streams stay open; older ones are CLOSEd.
 *
 * <p>Thread-safe: the rotation and the SKIP key sync call it at once. Two concurrent exchanges may
 * reach the peer out of order, so its side accepts any unused index within
 * {@link KeyStream#WINDOW} of the highest one it used. After {@link #close()} every call fails
 * for good: no stream is reopened and the ledger is not written.
 */
public final class Etsi004KeySource implements KeySource {
  /** The peer's streams kept open (a peer restart opens a new one). */
  static final int MAX_PEER_STREAMS = 4;
  private static final int WIREGUARD_KEY_BYTES = 32;
  private static final System.Logger logger = System.getLogger(Etsi004KeySource.class.getName());

  private final Etsi004Client client;
  private final String self;
  private final String peer;
  private final Qos qos;
  private final InitiatorStream own;
  private final KeyStreamId fixed;
  private final Map<KeyStreamId, KeyStream> theirs = new LinkedHashMap<>();
  private boolean closed;

  /** {@code self} and {@code peer} are the applications' URIs, e.g. {@code wgrot://alice}. */
  public Etsi004KeySource(Etsi004Client client, String self, String peer, Qos qos) {
    this(client, self, peer, qos, KeyStreamId.NULL, StreamLedger.NONE);
  }

  /**
   * With {@code fixed} the KSID both ends open (use case 3), or {@link KeyStreamId#NULL} to agree
   * one per stream over the peer channel; {@code ledger} keeps the initiator's stream position.
   */
  public Etsi004KeySource(Etsi004Client client, String self, String peer, Qos qos,
      KeyStreamId fixed, StreamLedger ledger) {
    this.client = Objects.requireNonNull(client, "client");
    this.self = Objects.requireNonNull(self, "self");
    this.peer = Objects.requireNonNull(peer, "peer");
    this.qos = Objects.requireNonNull(qos, "qos");
    if (qos.keyChunkSize() != WIREGUARD_KEY_BYTES) {
      throw new IllegalArgumentException("key_chunk_size must be 32 bytes for a WireGuard PSK");
    }
    this.fixed = Objects.requireNonNull(fixed, "fixed");
    this.own = new InitiatorStream(client, self, peer, qos, fixed,
        Objects.requireNonNull(ledger, "ledger"));
  }

  @Override
  public synchronized Delivered fresh() throws KeySourceException {
    requireOpen();
    try {
      DeliveredKey key = own.next();
      return new Delivered(reference(key.ksid(), key.index()), key.key());
    } catch (Etsi004Exception e) {
      throw new KeySourceException(e.getMessage(), e.isTransient(), e);
    }
  }

  @Override
  public synchronized Secret fetch(KeyRef ref) throws KeySourceException {
    requireOpen();
    String value = ref.value();
    int colon = value.lastIndexOf(':');
    KeyStreamId ksid;
    long index;
    try {
      ksid = KeyStreamId.parse(colon < 0 ? value : value.substring(0, colon));
      index = Long.parseLong(value.substring(colon + 1));
      if (index < 0 || index > 0xFFFF_FFFFL) {
        throw new NumberFormatException();
      }
    } catch (IllegalArgumentException e) {
      throw new KeySourceException("key reference " + ref + " is not an ETSI 004 "
          + "KEY_STREAM_ID:index", false, e);
    }
    try {
      KeyStream stream = theirs.get(ksid);
      if (stream == null) {
        stream = client.open(self, peer, qos, ksid);
        theirs.put(ksid, stream);
        closeOldest();
      }
      return client.getKey(stream, index).key();
    } catch (Etsi004Exception e) {
      throw new KeySourceException(e.getMessage(), e.isTransient(), e);
    } catch (IllegalArgumentException e) {
      // an index this stream already used or left behind: never a key twice
      throw new KeySourceException(e.getMessage(), false, e);
    }
  }

  private void requireOpen() throws KeySourceException {
    if (closed) {
      throw new KeySourceException("ETSI 004 " + self + " -> " + peer + ": key source closed",
          false, null);
    }
  }

  /** The reference the peer gets: the stream's UUID and the index, {@code KSID:index}. */
  static KeyRef reference(KeyStreamId ksid, long index) {
    return new KeyRef(ksid + ":" + index);
  }

  private void closeOldest() {
    while (theirs.size() > MAX_PEER_STREAMS) {
      KeyStreamId oldest = theirs.keySet().iterator().next();
      closeQuietly(theirs.remove(oldest));
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<KeyStream> all = new ArrayList<>(theirs.values());
    all.removeIf(s -> s.ksid().equals(fixed)); // one CLOSE of a fixed stream, by own.close()
    all.forEach(this::closeQuietly);
    theirs.clear();
    own.close();
  }

  private void closeQuietly(KeyStream stream) {
    try {
      client.close(stream);
    } catch (Etsi004Exception e) {
      logger.log(System.Logger.Level.WARNING, "CLOSE {0}: {1}", stream.ksid(), e.getMessage());
    }
  }
}

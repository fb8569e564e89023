package org.ukms.etsi004;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * ETSI GS QKD 004 client over one {@link Etsi004Binding}: the ETSI forge binary binding (an
 * {@link Etsi004Transport} and a {@link BinaryCodec}) or the qkd-module REST binding. It never
 * sleeps: a transient failure is a typed {@link Etsi004Exception} and the caller schedules the
 * retry. Status handling (docs/etsi004.md): 0 success; 1 pending (OPEN_CONNECT) or peer not
 * connected; 2, 3, 4, 6 and I/O errors transient; 5, unknown codes and protocol breaches fatal;
 * 7 checked against the requested chunk size; 8 retried once on the same index with the bigger
 * metadata buffer. Thread-safe per stream (calls on one stream are serialised).
 */
public final class Etsi004Client {
  private static final System.Logger logger = System.getLogger(Etsi004Client.class.getName());
  /** The largest metadata buffer a status 8 may ask for. */
  static final int MAX_METADATA = 64 * 1024;
  /** The metadata buffer a new stream starts with when it asked for a mimetype. */
  static final int INITIAL_METADATA = 1024;

  private final Etsi004Binding binding;
  private final InstantSource clock;

  /** Over the binary binding: {@code codec} frames through {@code transport}. */
  public Etsi004Client(Etsi004Transport transport, BinaryCodec codec, InstantSource clock) {
    this(Etsi004Binding.binary(transport, codec), clock);
  }

  public Etsi004Client(Etsi004Binding binding, InstantSource clock) {
    this.binding = Objects.requireNonNull(binding, "binding");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** OPEN_CONNECT, the first key at index 0. */
  public KeyStream open(String source, String destination, Qos qos, KeyStreamId ksid)
      throws Etsi004Exception {
    return open(source, destination, qos, ksid, 0);
  }

  /**
   * OPEN_CONNECT with a NULL KSID (the KM picks one, E004-OC-01) or a given one (created by the
   * peer or agreed in advance, E004-OC-02); {@code firstIndex} resumes a persisted stream
   * (E004-CL-03). A status 7 whose counter-proposal keeps the requested key chunk size is
   * accepted by opening again with the proposed QoS; one with another chunk size is rejected and
   * the stream it named is CLOSEd (E004-OC-05).
   */
  public KeyStream open(String source, String destination, Qos qos, KeyStreamId ksid,
      long firstIndex) throws Etsi004Exception {
    OpenConnectRequest.requireAbsoluteUri(source, "source");
    OpenConnectRequest.requireAbsoluteUri(destination, "destination");
    OpenConnectRequest request = new OpenConnectRequest(source, destination, qos, ksid);
    OpenConnectResponse response = openConnect(request);
    if (response.status().equals(Status.OC_QOS_NOT_MET)) {
      Qos offer = response.qos();
      if (qos.keyChunkSize() != 0 && offer.keyChunkSize() != qos.keyChunkSize()) {
        closeQuietly(response.ksid());
        throw fatal("OPEN_CONNECT " + source + " -> " + destination + ": QoS not met, the KM "
            + "offers key_chunk_size " + offer.keyChunkSize() + " bytes instead of "
            + qos.keyChunkSize() + "; rejected", response.status());
      }
      logger.log(System.Logger.Level.INFO, "OPEN_CONNECT {0} -> {1}: accepting the KM''s QoS "
          + "counter-proposal", source, destination);
      response = openConnect(new OpenConnectRequest(source, destination, offer,
          response.ksid().isNull() ? ksid : response.ksid()));
    }
    Status status = response.status();
    String what = "OPEN_CONNECT " + source + " -> " + destination;
    if (status.code() == 0 || status.code() == 1) {
      if (response.ksid().isNull()) {
        throw fatal(what + ": status " + status + " but the KM returned a NULL key stream ID",
            status);
      }
      if (!ksid.isNull() && !ksid.equals(response.ksid())) {
        throw fatal(what + ": asked for key stream " + ksid + ", the KM returned "
            + response.ksid(), status);
      }
      Qos granted = response.qos();
      if (granted.keyChunkSize() == 0) {
        throw fatal(what + ": the KM granted key_chunk_size 0", status);
      }
      int metadata = granted.metadataMimetype().isEmpty() ? 0 : INITIAL_METADATA;
      return new KeyStream(response.ksid(), granted, clock.instant(), status.code() == 1,
          firstIndex, metadata);
    }
    throw failure(what, status);
  }

  /** GET_KEY at the stream's next index (the initiator's side). */
  public DeliveredKey getKey(KeyStream stream) throws Etsi004Exception {
    synchronized (stream) {
      if (stream.exhausted()) {
        throw fatal("GET_KEY " + stream.ksid() + ": all 2^32 indices used; reopen the stream",
            null);
      }
      return getKey(stream, stream.nextIndex());
    }
  }

  /**
   * GET_KEY at {@code index} (the peer's side: the index the initiator sent). The index must not
   * have been used, and not lie more than {@link KeyStream#WINDOW} below the highest index used
   * (indices may arrive out of order); a closed stream is never asked (E004-CL-02).
   */
  public DeliveredKey getKey(KeyStream stream, long index) throws Etsi004Exception {
    synchronized (stream) {
      if (stream.isClosed()) {
        throw new IllegalStateException("GET_KEY on closed key stream " + stream.ksid());
      }
      if (!stream.ahead(index)) {
        throw new IllegalArgumentException("GET_KEY " + stream.ksid() + ": index " + index
            + " was already used or is more than " + KeyStream.WINDOW + " below the highest index "
            + "used (next is " + stream.nextIndex() + ")");
      }
      String what = "GET_KEY " + stream.ksid() + " index " + index;
      for (int attempt = 0; ; attempt++) {
        GetKeyResponse response = call(what, stream, index);
        Status status = response.status();
        if (status.isSuccess()) {
          return delivered(what, stream, index, response);
        }
        response.key().destroy();
        if (status.equals(Status.GK_METADATA_TOO_SMALL) && attempt == 0) {
          int needed = response.metadata().length();
          if (needed <= stream.metadataCapacity() || needed > MAX_METADATA) {
            throw fatal(what + ": status 8 asks for a metadata buffer of " + needed
                + " bytes (have " + stream.metadataCapacity() + ", limit " + MAX_METADATA + ")",
                status);
          }
          stream.metadataCapacity(needed);
          continue; // the same index: status 8 consumed no key (E004-GK-05)
        }
        if ((status.code() == 1 || status.code() == 3) && pastTimeout(stream)) {
          throw fatal(what + ": the peer application did not connect within the QoS timeout of "
              + stream.qos().timeoutMs() + " ms", status);
        }
        throw failure(what, status);
      }
    }
  }

  /**
   * CLOSE: the stream is closed locally first (no further GET_KEY), then the KM is told. A
   * non-zero status is logged and returned, never thrown (E004-CL-01); an I/O error is thrown as
   * a transient failure, and the stream stays closed.
   */
  public Status close(KeyStream stream) throws Etsi004Exception {
    synchronized (stream) {
      if (stream.markClosed()) {
        return Status.SUCCESSFUL;
      }
      Status status = closeStream(stream.ksid());
      if (!status.isSuccess()) {
        logger.log(System.Logger.Level.WARNING, "CLOSE {0}: status {1}", stream.ksid(), status);
      }
      return status;
    }
  }

  private DeliveredKey delivered(String what, KeyStream stream, long index,
      GetKeyResponse response) throws Etsi004Exception {
    if (response.key().length() != stream.qos().keyChunkSize()) {
      int length = response.key().length();
      response.key().destroy();
      throw fatal(what + ": key buffer of " + length + " bytes, expected key_chunk_size "
          + stream.qos().keyChunkSize(), response.status());
    }
    stream.pass(index);
    Metadata metadata = stream.metadataCapacity() == 0 ? Metadata.EMPTY : response.metadata();
    return new DeliveredKey(stream.ksid(), index, response.key(), metadata);
  }

  /**
   * One GET_KEY. An I/O error or a garbled answer may have cost the KM this index, and an answer
   * for another index is refused (its key destroyed, never used): in each case the index is
   * passed over for good.
   */
  private GetKeyResponse call(String what, KeyStream stream, long index) throws Etsi004Exception {
    GetKeyResponse response;
    try {
      response = binding.getKey(new GetKeyRequest(stream.ksid(), index,
          stream.metadataCapacity()));
    } catch (IOException e) {
      stream.pass(index);
      throw unavailable(what, e);
    } catch (Etsi004ProtocolException e) {
      stream.pass(index);
      throw e;
    }
    if (response.index() != index) {
      response.key().destroy();
      stream.pass(index);
      throw fatal(what + ": the KM answered for index " + response.index(), null);
    }
    return response;
  }

  private OpenConnectResponse openConnect(OpenConnectRequest request) throws Etsi004Exception {
    String what = "OPEN_CONNECT " + request.source() + " -> " + request.destination();
    try {
      return binding.openConnect(request);
    } catch (IOException e) {
      throw unavailable(what, e);
    }
  }

  private Status closeStream(KeyStreamId ksid) throws Etsi004Exception {
    try {
      return binding.close(new CloseRequest(ksid)).status();
    } catch (IOException e) {
      throw unavailable("CLOSE " + ksid, e);
    }
  }

  private void closeQuietly(KeyStreamId ksid) {
    if (ksid.isNull()) {
      return;
    }
    try {
      Status status = closeStream(ksid);
      if (!status.isSuccess()) {
        logger.log(System.Logger.Level.WARNING, "CLOSE {0}: status {1}", ksid, status);
      }
    } catch (Etsi004Exception | Etsi004ProtocolException e) {
      logger.log(System.Logger.Level.WARNING, "CLOSE {0} failed: {1}", ksid, e.getMessage());
    }
  }

  private boolean pastTimeout(KeyStream stream) {
    long timeout = stream.qos().timeoutMs();
    if (timeout == 0) {
      return false;
    }
    Instant deadline = stream.openedAt().plus(Duration.ofMillis(timeout));
    return !clock.instant().isBefore(deadline);
  }

  /** Statuses 1, 2, 3, 4 and 6 may clear; 5, 7, 8 and unknown codes will not (E004-CL-04). */
  static boolean isTransient(Status status) {
    long c = status.code();
    return c == 1 || c == 2 || c == 3 || c == 4 || c == 6;
  }

  private static Etsi004Exception failure(String what, Status status) {
    return new Etsi004Exception(what + ": status " + status, status, isTransient(status), null);
  }

  private static Etsi004Exception fatal(String message, Status status) {
    return new Etsi004Exception(message, status, false, null);
  }

  private static Etsi004Exception unavailable(String what, IOException e) {
    return new Etsi004Exception(what + ": KM unreachable: " + e.getMessage(), null, true, e);
  }
}

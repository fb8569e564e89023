package org.ukms.core;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SKIP key synchronisation between two Key Providers over the v2 peer channel
 * (docs/skip.md, "Synchronisation"): the request {@link Sync} and its answers {@link Synced} and
 * {@link Refused}; {@link Failed} stands for "no authentic answer". {@code org.ukms.peer.SkipCodec}
 * maps them to and from the signed JSON of {@code POST /api/v2/peer/skip}. Public values only:
 * the keys never travel.
 */
public sealed interface SkipMessage {
  /** SKIP keyIds as ukms makes them: 128 bits in lower-case hex. */
  Pattern KEY_ID = Pattern.compile("[0-9a-f]{32}");
  /** System IDs: printable ASCII without spaces, up to 128 characters (the draft asks >= 32). */
  Pattern SYSTEM_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

  /**
   * A → B: hold the key {@code keyId} of {@code sizeBits} for your encryptor, made for the
   * encryptor of {@code systemId} (A's local system ID) that asked for a key shared with
   * {@code remoteSystemId} (B's local system ID, as A's encryptor named it). {@code keyRef} names
   * the QKD key (qkd, hybrid), {@code kemEk} is A's ML-KEM-1024 encapsulation key (pqc, hybrid).
   */
  record Sync(String keyId, int sizeBits, String systemId, String remoteSystemId,
      V2Schedule.Mode mode, KeyRef keyRef, Blob kemEk) implements SkipMessage {
    public Sync {
      Objects.requireNonNull(mode, "mode");
      if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
        throw new IllegalArgumentException("skip_key_id must be 32 lower-case hex characters");
      }
      if (sizeBits < 8 || sizeBits % 8 != 0) {
        throw new IllegalArgumentException("size_bits must be a positive multiple of 8");
      }
      for (String id : new String[] {systemId, remoteSystemId}) {
        if (id == null || !SYSTEM_ID.matcher(id).matches()) {
          throw new IllegalArgumentException("system_id and remote_system_id must be 1 to 128 printable ASCII characters");
        }
      }
      boolean qkd = mode.usesQkd();
      boolean pqc = mode.usesKem();
      if (qkd != (keyRef != null) || pqc != (kemEk != null)) {
        throw new IllegalArgumentException("mode " + mode.wireName() + " needs "
            + (qkd && pqc ? "key_ID and kem_ek" : qkd ? "key_ID and no kem_ek"
                : "kem_ek and no key_ID"));
      }
    }
  }

  /** B → A, 200: B holds the key; its ML-KEM ciphertext (pqc, hybrid) and its key confirmation. */
  record Synced(Blob kemCt, Blob confirm) implements SkipMessage {
    public Synced {
      Objects.requireNonNull(confirm, "confirm");
    }
  }

  /** B → A: refused for {@code reason}; {@code detail} is a short public explanation. */
  record Refused(Reason reason, String detail) implements SkipMessage {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** No authentic answer arrived: the call failed, timed out, or its answer failed its MAC. */
  record Failed(String detail) implements SkipMessage {
    public Failed {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a Key Provider refused a sync, with its HTTP status. */
  enum Reason {
    /** A field is missing or malformed, or the size is outside B's limits. */
    MALFORMED(400),
    /** The sync names another mode than B's for this peer. */
    MODE_MISMATCH(400),
    /** The system IDs do not fit B's [skip.remote_systems] for this peer, or B's own ID. */
    UNKNOWN_SYSTEM(403),
    /** B has no [skip] table (the default answer of a daemon without SKIP). */
    DISABLED(404),
    /** B already synchronised, holds or delivered a key with this keyId (SKIP-SYNC-03). */
    DUPLICATE(409),
    /** B's key source or key store failed: try a new key later. */
    UNAVAILABLE(503);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Sends a sync to one peer Key Provider; never throws for network trouble ({@link Failed}). */
  @FunctionalInterface
  interface Channel {
    SkipMessage send(Sync sync);
  }
}

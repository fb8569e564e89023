package org.ukms.core;

import org.ukms.crypto.Secret;

/**
 * Where a peer's QKD keys come from, as the v2 exchange sees it: a fresh key with a reference the
 * peer can use, and the same key fetched by that reference at the other end. ETSI 014 is one
 * adapter ({@code kme.Etsi014KeySource}); a new source implements this in a package of its own
 * and gets one line in the session factory. Implementations do I/O; the core only names the
 * reference.
 */
public interface KeySource {
  /** A fresh key for the peer (the initiator's side). */
  Delivered fresh() throws KeySourceException;

  /** The key the peer's source delivered under {@code ref} (the responder's side). */
  Secret fetch(KeyRef ref) throws KeySourceException;

  /** Releases what the source holds (open key streams); the default holds nothing. */
  default void close() {}

  /** A key and the reference the peer fetches it by; the key is the caller's to destroy. */
  record Delivered(KeyRef ref, Secret key) {
    public Delivered {
      java.util.Objects.requireNonNull(ref, "ref");
      java.util.Objects.requireNonNull(key, "key");
    }
  }
}

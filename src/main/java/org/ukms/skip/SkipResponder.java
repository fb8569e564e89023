package org.ukms.skip;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.ukms.config.SkipSettings;
import org.ukms.core.Blob;
import org.ukms.core.KeySourceException;
import org.ukms.core.SkipDerivation;
import org.ukms.core.SkipMessage;
import org.ukms.core.SkipMessage.Reason;
import org.ukms.crypto.MlKem;
import org.ukms.crypto.Secret;

/**
 * The responder of a SKIP key synchronisation (docs/skip.md, "Synchronisation"), behind the
 * daemon's {@code V2Responder.skip} once the request passed v2 authentication: checks the sync
 * against this Key Provider's {@code [skip]} table, refuses a keyId it has seen (SKIP-SYNC-03),
 * fetches the QKD key and/or encapsulates to the initiator's ML-KEM key, derives the key,
 * deposits it for the encryptor bound to the initiator's system ID, and proves it holds it.
 * Thread-safe.
 */
public final class SkipResponder {
  private static final System.Logger logger = System.getLogger("org.ukms.skip");
  /** KeyIds remembered beyond the key store's own memory; a replay needs a fresh signature. */
  static final int SEEN_KEY_IDS = 65_536;

  private final SkipSettings settings;
  private final Function<String, Optional<SkipLink>> links;
  private final SkipKeyStore store;
  private final SecureRandom random;
  private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > SEEN_KEY_IDS;
    }
  };

  private SkipResponder(SkipSettings settings, Function<String, Optional<SkipLink>> links,
      SkipKeyStore store, SecureRandom random) {
    this.settings = settings;
    this.links = links;
    this.store = store;
    this.random = random;
  }

  public static SkipResponder create(SkipSettings settings,
      Function<String, Optional<SkipLink>> links, SkipKeyStore store, SecureRandom random) {
    return new SkipResponder(Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(links, "links"), Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(random, "random"));
  }

  /** The answer to {@code sync} from the authenticated v2 peer {@code sender}. */
  public SkipMessage answer(String sender, SkipMessage.Sync sync) {
    Optional<SkipLink> found = links.apply(sender);
    List<String> patterns = settings.patternsFor(sender);
    if (found.isEmpty() || patterns.isEmpty()) {
      return refuse(sender, sync, Reason.UNKNOWN_SYSTEM, "no remote system of this Key Provider "
          + "maps to peer " + sender);
    }
    SkipLink link = found.get();
    if (sync.mode() != link.mode()) {
      return refuse(sender, sync, Reason.MODE_MISMATCH, "mode " + sync.mode().wireName()
          + " offered, this Key Provider runs " + link.mode().wireName() + " with " + sender);
    }
    if (sync.sizeBits() < settings.minKeyBits() || sync.sizeBits() > settings.maxKeyBits()) {
      return refuse(sender, sync, Reason.MALFORMED, "size_bits " + sync.sizeBits()
          + " outside " + settings.minKeyBits() + ".." + settings.maxKeyBits());
    }
    if (!sync.remoteSystemId().equals(settings.localSystemId())) {
      return refuse(sender, sync, Reason.UNKNOWN_SYSTEM, "this Key Provider is \""
          + settings.localSystemId() + "\", not \"" + sync.remoteSystemId() + "\"");
    }
    if (patterns.stream().noneMatch(p -> Fnmatch.matches(p, sync.systemId()))) {
      return refuse(sender, sync, Reason.UNKNOWN_SYSTEM, "system \"" + sync.systemId()
          + "\" is not a remote system of peer " + sender + " here");
    }
    if (!store.hasRoom()) {
      return refuse(sender, sync, Reason.UNAVAILABLE, "no room for another pending key "
          + "(max_pending_keys reached, or shutting down)");
    }
    if (!firstSight(sync.keyId())) {
      return refuse(sender, sync, Reason.DUPLICATE, "key id already synchronised");
    }
    return hold(sender, link, sync);
  }

  private SkipMessage hold(String sender, SkipLink link, SkipMessage.Sync sync) {
    Secret qkd = null;
    Secret ss = null;
    Secret salt = null;
    SkipDerivation.Keys keys = null;
    byte[] key = null;
    try {
      if (link.mode().usesQkd()) {
        if (link.source() == null) {
          return refuse(sender, sync, Reason.UNAVAILABLE, "no QKD key source for " + sender);
        }
        try {
          qkd = link.source().fetch(sync.keyRef());
        } catch (KeySourceException e) {
          return refuse(sender, sync, Reason.UNAVAILABLE, "key source failed: " + e.getMessage());
        }
      }
      Blob ct = null;
      if (link.mode().usesKem()) {
        MlKem.Encapsulation enc;
        try {
          enc = MlKem.encapsulate(sync.kemEk().bytes(), random);
        } catch (IllegalArgumentException e) {
          return refuse(sender, sync, Reason.MALFORMED, "kem_ek: " + e.getMessage());
        }
        ss = enc.sharedSecret();
        ct = Blob.of(enc.ciphertext());
      }
      byte[] t = SkipDerivation.transcript(link.peer(), link.self(), sync, ct);
      salt = link.salt().get();
      keys = SkipDerivation.derive(salt, qkd, ss, t, sync.sizeBits());
      key = keys.key().reveal();
      if (!store.deposit(sync.systemId(), sync.keyId(), key)) {
        return store.hasRoom()
            ? refuse(sender, sync, Reason.DUPLICATE, "key id already held or delivered")
            : refuse(sender, sync, Reason.UNAVAILABLE, "no room for another pending key");
      }
      logger.log(System.Logger.Level.INFO, "skip peer=" + sender + " key_id=" + sync.keyId()
          + " remote_system=" + sync.systemId() + " bits=" + sync.sizeBits() + " result=held");
      return new SkipMessage.Synced(ct, Blob.of(SkipDerivation.confirm(keys.confirmKey(), t)));
    } finally {
      SkipDerivation.destroy(keys, qkd, ss, salt);
      if (key != null) {
        java.util.Arrays.fill(key, (byte) 0);
      }
    }
  }

  /** Records {@code keyId}; false when it was seen before. */
  private synchronized boolean firstSight(String keyId) {
    return seen.putIfAbsent(keyId, Boolean.TRUE) == null;
  }

  private static SkipMessage refuse(String sender, SkipMessage.Sync sync, Reason reason,
      String detail) {
    logger.log(System.Logger.Level.WARNING, "skip peer=" + sender + " key_id=" + sync.keyId()
        + " result=refused reason=" + reason.wireName() + " error=\"" + detail + "\"");
    return new SkipMessage.Refused(reason, detail);
  }
}

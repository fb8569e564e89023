package org.ukms.skip;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.ukms.config.SkipSettings;
import org.ukms.core.Blob;
import org.ukms.core.KeyRef;
import org.ukms.core.KeySource;
import org.ukms.core.KeySourceException;
import org.ukms.core.SkipDerivation;
import org.ukms.core.SkipMessage;
import org.ukms.crypto.MlKem;
import org.ukms.crypto.Secret;

/**
 * The initiator of a SKIP key synchronisation (docs/skip.md, "Synchronisation"): for
 * {@code GET /key} it makes a keyId, takes a new QKD key from the peer's key source and/or an
 * ephemeral ML-KEM-1024 key pair (the peer's v2 mode), sends them over the signed v2 channel,
 * and returns the derived key only once the peer proved it holds the same one (SKIP-KEY-08). Any
 * failure is a {@link SkipSyncException}, and no key exists then. Thread-safe.
 */
public final class SkipSync implements KeyMinter {
  private static final System.Logger logger = System.getLogger("org.ukms.skip");

  private final String localSystemId;
  private final Function<String, Optional<SkipLink>> links;
  private final SecureRandom random;

  private SkipSync(String localSystemId, Function<String, Optional<SkipLink>> links,
      SecureRandom random) {
    this.localSystemId = localSystemId;
    this.links = links;
    this.random = random;
  }

  /** A minter for {@code settings}; {@code links} finds a v2 peer's link at the time of a call. */
  public static SkipSync create(SkipSettings settings,
      Function<String, Optional<SkipLink>> links, SecureRandom random) {
    return new SkipSync(settings.localSystemId(), Objects.requireNonNull(links, "links"),
        Objects.requireNonNull(random, "random"));
  }

  @Override
  public Minted mint(String remoteSystemId, String peerId, int sizeBits)
      throws SkipSyncException {
    SkipLink link = links.apply(peerId).orElseThrow(() -> new SkipSyncException(
        "no v2 peer \"" + peerId + "\" to synchronise with"));
    String keyId = KeyIds.random(random);
    Secret qkd = null;
    MlKem.KeyPair pair = null;
    Secret ss = null;
    Secret salt = null;
    SkipDerivation.Keys keys = null;
    try {
      KeyRef ref = null;
      if (link.mode().usesQkd()) {
        KeySource.Delivered fresh = fresh(link);
        qkd = fresh.key();
        ref = fresh.ref();
      }
      pair = link.mode().usesKem() ? MlKem.generate(random) : null;
      SkipMessage.Sync sync;
      try {
        sync = new SkipMessage.Sync(keyId, sizeBits, localSystemId, remoteSystemId, link.mode(),
            ref, pair == null ? null : Blob.of(pair.encapsulationKey()));
      } catch (IllegalArgumentException e) {
        throw new SkipSyncException("cannot synchronise with peer " + peerId + ": "
            + e.getMessage());
      }
      SkipMessage answer = link.channel().send(sync);
      SkipMessage.Synced synced = synced(peerId, keyId, answer);
      if ((synced.kemCt() != null) != link.mode().usesKem()) {
        throw failed(peerId, keyId, "its answer " + (link.mode().usesKem() ? "lacks" : "has")
            + " kem_ct");
      }
      if (pair != null) {
        try {
          ss = pair.decapsulate(synced.kemCt().bytes());
        } catch (IllegalArgumentException e) {
          throw failed(peerId, keyId, e.getMessage());
        }
      }
      byte[] t = SkipDerivation.transcript(link.self(), link.peer(), sync, synced.kemCt());
      salt = link.salt().get();
      keys = SkipDerivation.derive(salt, qkd, ss, t, sizeBits);
      if (!SkipDerivation.verify(keys.confirmKey(), t, synced.confirm().bytes())) {
        throw failed(peerId, keyId, "its key confirmation does not verify");
      }
      logger.log(System.Logger.Level.INFO, "skip peer=" + peerId + " key_id=" + keyId
          + " remote_system=" + remoteSystemId + " bits=" + sizeBits + " result=synced");
      return new Minted(keyId, keys.key().reveal());
    } finally {
      SkipDerivation.destroy(keys, qkd, ss, salt);
    }
  }

  private static KeySource.Delivered fresh(SkipLink link) throws SkipSyncException {
    if (link.source() == null) {
      throw new SkipSyncException("peer " + link.peer() + " has no QKD key source for mode "
          + link.mode().wireName());
    }
    try {
      return link.source().fresh();
    } catch (KeySourceException e) {
      throw new SkipSyncException("peer " + link.peer() + ": key source failed: "
          + e.getMessage(), e);
    }
  }

  private static SkipMessage.Synced synced(String peerId, String keyId, SkipMessage answer)
      throws SkipSyncException {
    if (answer instanceof SkipMessage.Synced s) {
      return s;
    }
    if (answer instanceof SkipMessage.Refused r) {
      throw failed(peerId, keyId, "refused (" + r.reason().wireName() + "): " + r.detail());
    }
    if (answer instanceof SkipMessage.Failed f) {
      throw failed(peerId, keyId, "no answer: " + f.detail());
    }
    throw failed(peerId, keyId, "unexpected answer " + answer.getClass().getSimpleName());
  }

  private static SkipSyncException failed(String peerId, String keyId, String why) {
    logger.log(System.Logger.Level.WARNING, "skip peer=" + peerId + " key_id=" + keyId
        + " result=failed error=\"" + why + "\"");
    return new SkipSyncException("key not synchronised with peer " + peerId + ": " + why);
  }
}

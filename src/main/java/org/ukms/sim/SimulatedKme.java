package org.ukms.sim;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.ukms.core.KeyId;
import org.ukms.crypto.Secret;
import org.ukms.crypto.StrictBase64;
import org.ukms.kme.DeliveredKey;
import org.ukms.kme.KmeStatus;

/**
 * The simulated ETSI 014 key store: one end of a QKD link (link mode) or the uKMS derivation
 * (ukms mode). Callers are SAE IDs already authenticated by the front end. Thread-safe; every
 * call is atomic (a refused request consumes nothing).
 */
public final class SimulatedKme {
  private final SimSettings settings;
  private final LinkKeys link;
  private final InstantSource clock;
  private final Supplier<UUID> uuids;
  private final Map<String, KeyPool> pools = new HashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private final java.time.Instant started;

  /** {@code linkSecret} is required in link mode and ignored in ukms mode. */
  public SimulatedKme(SimSettings settings, Secret linkSecret, InstantSource clock,
      Supplier<UUID> uuids) {
    this.settings = settings;
    this.clock = clock;
    this.uuids = uuids;
    this.started = clock.instant();
    if (settings.mode() == SimSettings.Mode.LINK) {
      if (linkSecret == null || linkSecret.length() < 32) {
        throw new IllegalArgumentException("link mode needs a link secret of at least 32 bytes");
      }
      this.link = new LinkKeys(linkSecret);
    } else {
      this.link = null;
    }
  }

  public SimSettings settings() {
    return settings;
  }

  /** Keys delivered so far by enc_keys and dec_keys (S-29). */
  public long keysDelivered() {
    return delivered.get();
  }

  synchronized SimAnswer status(String caller, String slave) {
    Optional<SimAnswer> bad = checkSlave(caller, slave);
    if (bad.isPresent()) {
      return bad.get();
    }
    return new SimAnswer.Status(new KmeStatus(settings.kmeId(), settings.peerKmeId(), caller,
        slave, settings.keySizeBits(), stored(caller, slave), settings.maxKeyCount(),
        settings.maxKeysPerRequest(), settings.maxKeySizeBits(), settings.minKeySizeBits(), 0));
  }

  synchronized SimAnswer encKeys(String caller, String slave, int number, int sizeBits) {
    Optional<SimAnswer> bad = checkSlave(caller, slave).or(() -> checkRequest(number, sizeBits));
    if (bad.isPresent()) {
      return bad.get();
    }
    List<DeliveredKey> keys = new ArrayList<>();
    if (link == null) {
      for (int i = 0; i < number; i++) {
        String id = uuids.get().toString();
        keys.add(new DeliveredKey(new KeyId(id), ukmsKey(id)));
      }
    } else {
      int slots = (sizeBits + settings.keySizeBits() - 1) / settings.keySizeBits();
      KeyPool pool = pool(caller, slave);
      if (pool.stored(clock.instant()) < slots * number) {
        return new SimAnswer.Refused(settings.exhaustedStatus(), "insufficient keys",
            List.of(Map.of("stored_key_count", Integer.toString(pool.stored(clock.instant())))));
      }
      for (int i = 0; i < number; i++) {
        long index = pool.take(clock.instant(), slots);
        String id = link.keyId(caller, slave, sizeBits / 8, index);
        keys.add(new DeliveredKey(new KeyId(id), link.key(caller, slave, sizeBits / 8, index)));
      }
    }
    delivered.addAndGet(keys.size());
    return new SimAnswer.Keys(keys);
  }

  synchronized SimAnswer decKeys(String caller, String master, List<String> keyIds) {
    Set<String> seen = new HashSet<>();
    for (String id : keyIds) {
      if (!KeyId.isValid(id)) {
        return new SimAnswer.Refused(400, "key_ID is not a canonical UUID: " + EtsiFrontEnd.clip(id));
      }
      if (!seen.add(id.toLowerCase(Locale.ROOT))) {
        return new SimAnswer.Refused(400, "key_ID requested twice: " + id);
      }
    }
    if (keyIds.isEmpty()) {
      return new SimAnswer.Refused(400, "no key_ID requested");
    }
    List<DeliveredKey> keys = new ArrayList<>();
    if (link == null) {
      keyIds.forEach(id -> keys.add(new DeliveredKey(new KeyId(id), ukmsKey(id))));
      delivered.addAndGet(keys.size());
      return new SimAnswer.Keys(keys);
    }
    List<LinkKeys.Name> names = new ArrayList<>();
    for (String id : keyIds) {
      Optional<LinkKeys.Name> name = link.open(id.toLowerCase(Locale.ROOT));
      if (name.isEmpty()) {
        return new SimAnswer.Refused(400, SimAnswer.NOT_FOUND);
      }
      if (!name.get().slaveIs(link, caller)) {
        return new SimAnswer.Refused(401, "not the slave SAE of every requested key");
      }
      if (!name.get().masterIs(link, master)) {
        return new SimAnswer.Refused(settings.wrongMasterStatus(),
            "the path does not name the master SAE of every requested key");
      }
      names.add(name.get());
    }
    KeyPool pool = pool(master, caller);
    for (LinkKeys.Name name : names) {
      if (!pool.fetchable(clock.instant(), name.index())) {
        return new SimAnswer.Refused(400, SimAnswer.NOT_FOUND);
      }
    }
    for (int i = 0; i < names.size(); i++) {
      LinkKeys.Name name = names.get(i);
      pool.markFetched(name.index());
      keys.add(new DeliveredKey(new KeyId(keyIds.get(i)),
          link.key(master, caller, name.sizeBytes(), name.index())));
    }
    delivered.addAndGet(keys.size());
    return new SimAnswer.Keys(keys);
  }

  /** Stored keys of the pair, for status and metrics. */
  synchronized int stored(String master, String slave) {
    return link == null ? settings.maxKeyCount() : pool(master, slave).stored(clock.instant());
  }

  synchronized Map<String, Integer> poolLevels() {
    Map<String, Integer> levels = new HashMap<>();
    pools.forEach((pair, pool) -> levels.put(pair, pool.stored(clock.instant())));
    return levels;
  }

  private Optional<SimAnswer> checkSlave(String caller, String slave) {
    if (slave.isEmpty() || slave.equals(caller)) {
      return Optional.of(new SimAnswer.Refused(400,
          "slave_SAE_ID must name another SAE than the caller"));
    }
    return Optional.empty();
  }

  private Optional<SimAnswer> checkRequest(int number, int sizeBits) {
    if (number < 1 || number > settings.maxKeysPerRequest()) {
      return Optional.of(new SimAnswer.Refused(400, "number must be between 1 and "
          + settings.maxKeysPerRequest()));
    }
    if (sizeBits % 8 != 0) {
      return Optional.of(new SimAnswer.Refused(400, "size shall be a multiple of 8"));
    }
    if (sizeBits < settings.minKeySizeBits() || sizeBits > settings.maxKeySizeBits()) {
      return Optional.of(new SimAnswer.Refused(400, "size must be between "
          + settings.minKeySizeBits() + " and " + settings.maxKeySizeBits()));
    }
    if (link == null && sizeBits != 256) {
      return Optional.of(new SimAnswer.Refused(400,
          "the ukms derivation yields 256-bit keys only"));
    }
    return Optional.empty();
  }

  private KeyPool pool(String master, String slave) {
    return pools.computeIfAbsent(master + "\0" + slave, k -> new KeyPool(settings, started, clock.instant()));
  }

  private static Secret ukmsKey(String keyId) {
    return StrictBase64.decodeSecret(UkmsDerivation.key(keyId)).orElseThrow();
  }

}

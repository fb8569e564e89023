package org.ukms.sim;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.ukms.core.KeyId;
import org.ukms.crypto.Secret;
import org.ukms.kme.DeliveredKey;
import org.ukms.kme.KmeStatus;

/**
 * The simulated ETSI 014 key store: one end of a QKD link (link mode) or the uKMS derivation
 * (ukms mode). Callers are SAE IDs already authenticated by the front end; the SAE a caller names
 * in the path must be one of the peer SAEs, when they are listed. Memory is bounded: a (master,
 * slave) pair gets a pool only once it is used for keys, and without a list of peers at most
 * {@link #MAX_POOLS} pairs get one. Thread-safe without a global lock: a call locks only the one
 * pool it uses (ukms mode keeps no state), and is atomic on it (a refused request consumes
 * nothing); keys are computed outside any lock.
 */
public final class SimulatedKme implements AutoCloseable {
  /** Without a list of peer SAEs, at most this many (master, slave) pairs get a pool. */
  static final int MAX_POOLS = 64;

  private final SimSettings settings;
  private final LinkKeys link;
  private final InstantSource clock;
  private final Supplier<UUID> uuids;
  private final Map<String, KeyPool> pools = new ConcurrentHashMap<>();
  private final LongAdder delivered = new LongAdder();
  private final java.time.Instant started;
  private volatile Set<String> peers;
  /** Non-null on BB84 links: keys come from their key streams (docs/bb84.md). */
  private final Bb84Pools bb84;

  /** Serves any peer SAE; {@code linkSecret} is required in link mode, ignored in ukms mode. */
  public SimulatedKme(SimSettings settings, Secret linkSecret, InstantSource clock,
      Supplier<UUID> uuids) {
    this(settings, linkSecret, clock, uuids, Set.of());
  }

  /**
   * Serves only the SAEs in {@code peers} as the other end of a key (the slave of status and
   * enc_keys, the master of dec_keys); any SAE, up to {@link #MAX_POOLS} pairs, if it is empty.
   */
  public SimulatedKme(SimSettings settings, Secret linkSecret, InstantSource clock,
      Supplier<UUID> uuids, Collection<String> peers) {
    this(settings, linkSecret, clock, uuids, peers, null);
  }

  /**
   * A KME whose keys come from BB84 links ({@code links}, which it closes) instead of the PRF of
   * the link secret; link mode only (the secret names the keys and authenticates the links).
   */
  public static SimulatedKme onBb84Links(SimSettings settings, Secret linkSecret,
      InstantSource clock, Collection<String> peers, org.ukms.qlink.Bb84Links links) {
    return new SimulatedKme(settings, linkSecret, clock, UUID::randomUUID, peers, links);
  }

  private SimulatedKme(SimSettings settings, Secret linkSecret, InstantSource clock,
      Supplier<UUID> uuids, Collection<String> peers, org.ukms.qlink.Bb84Links links) {
    this.peers = Set.copyOf(peers);
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
    if (links != null && link == null) {
      throw new IllegalArgumentException("BB84 links need link mode");
    }
    this.bb84 = links == null ? null : new Bb84Pools(settings, link, links);
  }

  /** The BB84 links this KME takes keys from, if any (status, metrics, the demo). */
  public java.util.Optional<org.ukms.qlink.Bb84Links> bb84Links() {
    return bb84 == null ? Optional.empty() : Optional.of(bb84.links());
  }

  /** Stops the BB84 links, if any (the PRF modes own no threads). */
  @Override
  public void close() {
    if (bb84 != null) {
      bb84.links().close();
    }
  }

  /**
   * From now on serves the SAEs in {@code peers} (a reload added or removed peers); keys already
   * made for a removed SAE stay until they are fetched or expire.
   */
  public void servePeers(Collection<String> peers) {
    this.peers = Set.copyOf(peers);
  }

  public SimSettings settings() {
    return settings;
  }

  /** Keys delivered so far by enc_keys and dec_keys (S-29). */
  public long keysDelivered() {
    return delivered.sum();
  }

  SimAnswer status(String caller, String slave) {
    Optional<SimAnswer> bad = checkSlave(caller, slave);
    if (bad.isPresent()) {
      return bad.get();
    }
    return new SimAnswer.Status(new KmeStatus(settings.kmeId(), settings.peerKmeId(), caller,
        slave, settings.keySizeBits(), stored(caller, slave), settings.maxKeyCount(),
        settings.maxKeysPerRequest(), settings.maxKeySizeBits(), settings.minKeySizeBits(), 0));
  }

  SimAnswer encKeys(String caller, String slave, int number, int sizeBits) {
    Optional<SimAnswer> bad = checkSlave(caller, slave).or(() -> checkRequest(number, sizeBits));
    if (bad.isPresent()) {
      return bad.get();
    }
    List<DeliveredKey> keys = new ArrayList<>();
    if (link == null) {
      for (int i = 0; i < number; i++) {
        String id = uuids.get().toString();
        keys.add(new DeliveredKey(new KeyId(id), UkmsDerivation.secret(id)));
      }
    } else if (bb84 != null) {
      SimAnswer answer = bb84.encKeys(caller, slave, number, sizeBits);
      if (answer instanceof SimAnswer.Keys k) {
        delivered.add(k.keys().size());
      }
      return answer;
    } else {
      int slots = (sizeBits + settings.keySizeBits() - 1) / settings.keySizeBits();
      Optional<KeyPool> maybePool = pool(caller, slave);
      if (maybePool.isEmpty()) {
        return tooManyPairs("slave_SAE_ID", slave);
      }
      KeyPool pool = maybePool.get();
      long[] first = new long[number];
      synchronized (pool) { // the pair's slots only: other pairs are served meanwhile
        int stored = pool.stored(clock.instant());
        if (stored < slots * number) {
          return new SimAnswer.Refused(settings.exhaustedStatus(), "insufficient keys",
              List.of(Map.of("stored_key_count", Integer.toString(stored))));
        }
        for (int i = 0; i < number; i++) {
          first[i] = pool.take(clock.instant(), slots);
        }
      }
      for (long index : first) { // the slots are ours: compute the keys outside the lock
        String id = link.keyId(caller, slave, sizeBits / 8, index);
        keys.add(new DeliveredKey(new KeyId(id), link.key(caller, slave, sizeBits / 8, index)));
      }
    }
    delivered.add(keys.size());
    return new SimAnswer.Keys(keys);
  }

  SimAnswer decKeys(String caller, String master, List<String> keyIds) {
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
      keyIds.forEach(id -> keys.add(new DeliveredKey(new KeyId(id), UkmsDerivation.secret(id))));
      delivered.add(keys.size());
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
    Optional<SimAnswer> unknown = checkPeer("master_SAE_ID", master);
    if (unknown.isPresent()) {
      return unknown.get();
    }
    if (bb84 != null) {
      return bb84DecKeys(master, keyIds, names);
    }
    Optional<KeyPool> maybePool = pool(master, caller);
    if (maybePool.isEmpty()) {
      return tooManyPairs("master_SAE_ID", master);
    }
    KeyPool pool = maybePool.get();
    synchronized (pool) { // all or nothing: check every key, then mark every one
      for (LinkKeys.Name name : names) {
        if (!pool.fetchable(clock.instant(), name.index())) {
          return new SimAnswer.Refused(400, SimAnswer.NOT_FOUND);
        }
      }
      names.forEach(name -> pool.markFetched(name.index()));
    }
    for (int i = 0; i < names.size(); i++) {
      LinkKeys.Name name = names.get(i);
      keys.add(new DeliveredKey(new KeyId(keyIds.get(i)),
          link.key(master, caller, name.sizeBytes(), name.index())));
    }
    delivered.add(keys.size());
    return new SimAnswer.Keys(keys);
  }

  private SimAnswer bb84DecKeys(String master, List<String> keyIds, List<LinkKeys.Name> names) {
    try {
      SimAnswer answer = bb84.decKeys(master, keyIds, names);
      if (answer instanceof SimAnswer.Keys k) {
        delivered.add(k.keys().size());
      }
      return answer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SimAnswer.Refused(503, "the KME is stopping");
    }
  }

  /** Stored keys of the pair, for status and metrics; a pair without a pool has a full one. */
  int stored(String master, String slave) {
    if (link == null) {
      return settings.maxKeyCount();
    }
    if (bb84 != null) {
      return bb84.stored(slave);
    }
    KeyPool pool = pools.get(master + "\0" + slave);
    if (pool == null) {
      return new KeyPool(settings, started, clock.instant()).stored(clock.instant());
    }
    synchronized (pool) {
      return pool.stored(clock.instant());
    }
  }

  Map<String, Integer> poolLevels() {
    Map<String, Integer> levels = new HashMap<>();
    pools.forEach((pair, pool) -> {
      synchronized (pool) {
        levels.put(pair, pool.stored(clock.instant()));
      }
    });
    return levels;
  }

  private Optional<SimAnswer> checkSlave(String caller, String slave) {
    if (slave.isEmpty() || slave.equals(caller)) {
      return Optional.of(new SimAnswer.Refused(400,
          "slave_SAE_ID must name another SAE than the caller"));
    }
    return checkPeer("slave_SAE_ID", slave);
  }

  /** The ETSI answer to an unknown SAE in the path (etsi-014.md §8): 400. */
  private Optional<SimAnswer> checkPeer(String field, String sae) {
    if (peers.isEmpty() || peers.contains(sae)) {
      return Optional.empty();
    }
    return Optional.of(new SimAnswer.Refused(400, "unknown " + field + " "
        + EtsiFrontEnd.clip(sae)));
  }

  private static SimAnswer tooManyPairs(String field, String sae) {
    return new SimAnswer.Refused(400, "unknown " + field + " " + EtsiFrontEnd.clip(sae)
        + ": this KME keeps keys for at most " + MAX_POOLS + " SAE pairs unless its peer SAEs "
        + "are listed");
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

  /** The pair's pool, made on first use; empty when the pair is new and no pool may be added. */
  private Optional<KeyPool> pool(String master, String slave) {
    String pair = master + "\0" + slave;
    KeyPool pool = pools.get(pair);
    if (pool != null) {
      return Optional.of(pool);
    }
    synchronized (pools) { // rare: a new pair; one at a time, so the count bound holds
      pool = pools.get(pair);
      if (pool == null) {
        if (peers.isEmpty() && pools.size() >= MAX_POOLS) {
          return Optional.empty();
        }
        pool = new KeyPool(settings, started, clock.instant());
        pools.put(pair, pool);
      }
      return Optional.of(pool);
    }
  }

}

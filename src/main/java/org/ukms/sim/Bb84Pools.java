package org.ukms.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ukms.core.KeyId;
import org.ukms.crypto.Secret;
import org.ukms.kme.DeliveredKey;
import org.ukms.qlink.Bb84Links;
import org.ukms.qlink.KeyStream;

/**
 * The key store of a simulated KME on BB84 links: enc_keys takes keys from this end's share of
 * the link's key stream, dec_keys the peer's share, each key once. A key's ID is the link-mode
 * key_ID ({@link LinkKeys}) of its (master, slave, size, first slot), which both ends can open
 * with the link secret. No key from an aborted block exists; an empty pool answers with the
 * link's state (why it has no keys).
 */
final class Bb84Pools {
  /** How long dec_keys waits for a block the other end has just finished. */
  static final Duration ARRIVAL = Duration.ofSeconds(2);

  private final SimSettings settings;
  private final LinkKeys names;
  private final Bb84Links links;

  Bb84Pools(SimSettings settings, LinkKeys names, Bb84Links links) {
    this.settings = settings;
    this.names = names;
    this.links = links;
  }

  Bb84Links links() {
    return links;
  }

  /** Keys of the default size this end can hand out to {@code slave}'s pair now. */
  int stored(String slave) {
    return links.streamFor(slave).map(s -> s.stored(1)).orElse(0);
  }

  SimAnswer encKeys(String caller, String slave, int number, int sizeBits) {
    int slots = slots(sizeBits / 8);
    Optional<KeyStream> stream = links.streamFor(slave);
    Optional<long[]> first = stream.flatMap(s -> s.take(number, slots));
    if (first.isEmpty()) {
      int stored = stream.map(s -> s.stored(slots)).orElse(0);
      return new SimAnswer.Refused(settings.exhaustedStatus(), "insufficient keys: "
          + links.stateFor(slave), List.of(Map.of("stored_key_count",
              Integer.toString(stored))));
    }
    List<DeliveredKey> keys = new ArrayList<>();
    for (long index : first.get()) {
      Secret key = stream.get().key(index, slots, sizeBits / 8);
      keys.add(new DeliveredKey(new KeyId(names.keyId(caller, slave, sizeBits / 8, index)),
          key));
    }
    return new SimAnswer.Keys(keys);
  }

  /** {@code opened} are the names in the key_IDs, already checked against the SAEs. */
  SimAnswer decKeys(String master, List<String> keyIds, List<LinkKeys.Name> opened)
      throws InterruptedException {
    Optional<KeyStream> stream = links.streamFor(master);
    if (stream.isEmpty()) {
      return new SimAnswer.Refused(400, SimAnswer.NOT_FOUND);
    }
    long[] first = new long[opened.size()];
    int[] slots = new int[opened.size()];
    int[] bytes = new int[opened.size()];
    for (int i = 0; i < first.length; i++) {
      first[i] = opened.get(i).index();
      bytes[i] = opened.get(i).sizeBytes();
      slots[i] = slots(bytes[i]);
    }
    Optional<List<Secret>> got = stream.get().fetch(first, slots, bytes, ARRIVAL);
    if (got.isEmpty()) {
      return new SimAnswer.Refused(400, SimAnswer.NOT_FOUND);
    }
    List<DeliveredKey> keys = new ArrayList<>();
    for (int i = 0; i < first.length; i++) {
      keys.add(new DeliveredKey(new KeyId(keyIds.get(i)), got.get().get(i)));
    }
    return new SimAnswer.Keys(keys);
  }

  private int slots(int bytes) {
    int slotBytes = settings.keySizeBits() / 8;
    return Math.max(1, (bytes + slotBytes - 1) / slotBytes);
  }
}

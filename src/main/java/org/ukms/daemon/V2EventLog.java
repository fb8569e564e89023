package org.ukms.daemon;

import java.util.Locale;
import java.util.function.Consumer;
import org.ukms.core.V2Event;

/** Logs and counts what the v2 core reports ({@link V2Event}s), one line per event, no secrets. */
final class V2EventLog {
  private static final System.Logger logger = System.getLogger("org.ukms.rotation");

  private V2EventLog() {}

  /** Logs {@code e} of {@code peer}, counts it, and hands a failure's detail to {@code failed}. */
  static void record(String peer, V2Event e, RotationStats stats, Consumer<String> failed) {
    switch (e.kind()) {
      case FAILED:
        stats.failed(peer);
        failed.accept(e.detail());
        logger.log(System.Logger.Level.WARNING, "peer=" + peer + " result=failed protocol=v2 "
            + e.detail());
        break;
      case CHAIN_RESET:
        logger.log(System.Logger.Level.WARNING, "peer=" + peer + " event=chain_reset epoch="
            + e.epoch() + " " + e.detail());
        break;
      case EPOCH_MISMATCH:
        logger.log(System.Logger.Level.WARNING, "peer=" + peer + " event=epoch_mismatch "
            + e.detail());
        break;
      case ABANDONED:
      case KEY_DISCARDED:
      case PENDING_DROPPED:
        if (e.kind() == V2Event.Kind.KEY_DISCARDED) {
          stats.keyDiscarded(peer);
        }
        logger.log(System.Logger.Level.INFO, "peer=" + peer + " event="
            + e.kind().name().toLowerCase(Locale.ROOT) + " epoch=" + e.epoch() + " "
            + e.detail());
        break;
      default:
        // INSTALLED, STALE and PERSIST_FAILED are logged where they are carried out; the
        // proofs are for the simulator's invariants.
        break;
    }
  }
}

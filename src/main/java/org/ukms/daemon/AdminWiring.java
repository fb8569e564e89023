package org.ukms.daemon;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.ukms.admin.AdminServer;
import org.ukms.admin.AdminSource;
import org.ukms.config.UkmsConfig;

/**
 * Starts the admin endpoint of a daemon: on {@code admin_listen}, over the daemon's session
 * snapshots, its clock, its {@link RotationStats} registry and its {@code wg}. The one place that
 * ties {@code daemon} to {@code admin}; {@link Daemon} calls {@link #start} once its sessions
 * exist and closes the returned server before them.
 */
final class AdminWiring {
  private AdminWiring() {}

  static AdminServer start(UkmsConfig config, Environment env, RotationStats stats,
      Supplier<List<PeerStatus>> statuses, Supplier<Optional<SkipStatus>> skip,
      Supplier<List<FakeQkdLink>> qkdLinks) throws IOException {
    return AdminServer.start(config.adminListen(),
        AdminSource.of(statuses, env.clock(), stats.registry(), env.wg(), skip, qkdLinks));
  }
}

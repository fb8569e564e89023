package org.ukms.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ukms.exec.CommandRunner;

/**
 * Readiness for {@code Type=notify} units. When systemd started us it set {@code NOTIFY_SOCKET};
 * we then run {@code systemd-notify --ready} once the peer API listens, and
 * {@code systemd-notify --stopping} when we stop. Java cannot send to the notify socket itself
 * (an AF_UNIX datagram socket, which the JDK does not offer), and {@code systemd-notify} waits
 * until the manager has processed the message (systemd 246 and later), so the helper exiting
 * first cannot lose it; the units set {@code NotifyAccess=all} because the helper is our child.
 * Without {@code NOTIFY_SOCKET} (a shell, a container) this does nothing.
 */
public final class SystemdNotify {
  private static final System.Logger logger = System.getLogger("org.ukms.daemon");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Null without systemd; children never inherit it, so it is passed to the helper alone. */
  private final String socket;
  private final CommandRunner runner = new CommandRunner(1024);

  private SystemdNotify(String socket) {
    this.socket = socket;
  }

  public static SystemdNotify from(Map<String, String> environment) {
    String socket = environment.get("NOTIFY_SOCKET");
    return new SystemdNotify(socket == null || socket.isBlank() ? null : socket);
  }

  /** Start-up is complete: the peer API listens on {@code port}. */
  public void ready(int port, int peers) {
    send(List.of("systemd-notify", "--ready",
        "--status=listening on port " + port + ", " + peers + " peer(s)"));
  }

  /** A reload (SIGHUP) begins; {@link #ready} ends it. */
  public void reloading() {
    send(List.of("systemd-notify", "RELOADING=1"));
  }

  public void stopping() {
    send(List.of("systemd-notify", "STOPPING=1"));
  }

  private void send(List<String> command) {
    if (socket == null) {
      return;
    }
    try {
      CommandRunner.Result result = runner.run(command, Map.of("NOTIFY_SOCKET", socket), null,
          TIMEOUT);
      if (!result.ok()) {
        logger.log(System.Logger.Level.WARNING, "systemd-notify failed: "
            + result.ending(TIMEOUT) + " output=\"" + result.oneLine() + "\"");
      }
    } catch (IOException e) {
      logger.log(System.Logger.Level.WARNING, "cannot run systemd-notify: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package org.ukms.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ukms.config.WireGuardPeer;
import org.ukms.crypto.Secret;
import org.ukms.exec.CommandRunner;

/**
 * Sets a WireGuard peer's preshared key:
 * {@code wg set <interface> peer <public_key> preshared-key /dev/stdin} with the Base64 PSK on
 * stdin, the only place it travels; never in arguments or the environment, which other local
 * users can read in {@code /proc}.
 */
public final class WireGuardPsk implements PskSink {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final CommandRunner runner;
  private final String wg;
  private final WireGuardPeer target;

  /** {@code wg} is the program to run: "wg" (found on PATH) in production. */
  public WireGuardPsk(CommandRunner runner, String wg, WireGuardPeer target) {
    this.runner = runner;
    this.wg = wg;
    this.target = target;
  }

  @Override
  public void install(Secret psk) throws SinkException {
    byte[] line = PrivateFiles.base64Line(psk);
    try {
      CommandRunner.Result result = runner.run(List.of(wg, "set", target.interfaceName(), "peer",
          target.publicKey(), "preshared-key", "/dev/stdin"), Map.of(), line, TIMEOUT);
      if (!result.ok()) {
        throw new SinkException(this + ": " + result.ending(TIMEOUT)
            + (result.output().isBlank() ? "" : ": " + result.oneLine()), null);
      }
    } catch (IOException e) {
      throw new SinkException(this + ": cannot run " + wg + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkException(this + ": interrupted", e);
    } finally {
      Arrays.fill(line, (byte) 0);
    }
  }

  /** Names the target by interface and public key (both public). */
  @Override
  public String toString() {
    return "wg set " + target.interfaceName() + " peer " + target.publicKey();
  }
}

package org.ukms.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ukms.config.WireGuardPeer;
import org.ukms.daemon.PskFingerprints;
import org.ukms.exec.CommandRunner;

/**
 * The fingerprints of the PSKs WireGuard holds, from {@code wg show IFACE preshared-keys}: run
 * once per interface per {@code /status} request, through {@link CommandRunner} (argv, no shell,
 * a timeout). That output holds PSKs: it is parsed into fingerprints and never logged, echoed or
 * kept; error messages name the interface and the line, never its text.
 */
final class WireGuardKeys {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** Room for a few thousand peers' lines; more is refused, not parsed in part. */
  static final int OUTPUT_CAP = 256 * 1024;

  /** What WireGuard holds for one peer: a fingerprint, or why there is none. */
  record Lookup(String fingerprint, String error) {}

  private final CommandRunner runner;
  private final String wg;
  private final Map<String, Shown> shown = new HashMap<>();

  /** One interface's entries, or why there are none. */
  private record Shown(List<PskFingerprints.Entry> entries, String error) {}

  /** One lookup session (one request): each interface is shown at most once. */
  WireGuardKeys(CommandRunner runner, String wg) {
    this.runner = runner;
    this.wg = wg;
  }

  /** The fingerprint of the PSK that WireGuard holds for {@code target}. */
  Lookup of(WireGuardPeer target) {
    Shown s = shown.computeIfAbsent(target.interfaceName(), this::show);
    if (s.error() != null) {
      return new Lookup(null, s.error());
    }
    for (PskFingerprints.Entry e : s.entries()) {
      if (target.publicKey().equals(e.peer())) {
        return e.fingerprint() == null
            ? new Lookup(null, "no preshared key set on " + target.interfaceName())
            : new Lookup(e.fingerprint(), null);
      }
    }
    return new Lookup(null, "peer " + target.publicKey() + " is not on "
        + target.interfaceName());
  }

  /** The entries of {@code wg show IFACE preshared-keys}, or a one-line error. */
  private Shown show(String iface) {
    String what = wg + " show " + iface + " preshared-keys";
    CommandRunner.Result result;
    try {
      result = runner.run(List.of(wg, "show", iface, "preshared-keys"), Map.of(), null, TIMEOUT);
    } catch (IOException e) {
      return failed("cannot run " + what + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(what + ": interrupted");
    }
    if (!result.ok()) {
      // A failing wg prints its complaint, not keys: show its first line, shortened.
      String first = result.output().strip().lines().findFirst().orElse("");
      return failed(what + ": " + result.ending(TIMEOUT)
          + (first.isEmpty() ? "" : ": " + first.substring(0, Math.min(first.length(), 200))));
    }
    if (result.truncated()) {
      return failed(what + ": more than " + OUTPUT_CAP + " bytes of output");
    }
    char[] text = result.output().toCharArray();
    try {
      return new Shown(text.length == 0 ? List.of() : PskFingerprints.of(text), null);
    } catch (PskFingerprints.MalformedException e) {
      return failed(what + ": line " + e.line() + ": " + e.getMessage());
    } finally {
      Arrays.fill(text, '\0');
    }
  }

  private static Shown failed(String error) {
    return new Shown(List.of(), error);
  }
}

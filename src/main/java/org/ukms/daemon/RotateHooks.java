package org.ukms.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.ukms.config.PeerConfig;
import org.ukms.config.PskFileNames;
import org.ukms.config.RotateHook;
import org.ukms.core.KeyId;
import org.ukms.exec.CommandRunner;
import org.ukms.sink.PskFile;

/**
 * Runs each peer's {@code on_rotate} hook after a confirmed rotation, off the rotation's thread.
 * The hook sees {@code UKMS_PEER}, {@code UKMS_ALIAS}, {@code UKMS_PSK_FILE} (when there is a
 * key folder), {@code UKMS_EPOCH} and {@code UKMS_KEY_IDS} in its environment, never the PSK.
 * One hook per peer runs at a time; rotations that land while it runs collapse into one run for
 * the newest, so a slow hook cannot build a queue. Exit status, duration and the first
 * {@value #OUTPUT_CAP} bytes of output are logged; runs and failures are counted.
 */
final class RotateHooks implements InstallListener {
  static final int OUTPUT_CAP = 4096;
  private static final System.Logger logger = System.getLogger("org.ukms.hooks");

  private record Event(PeerConfig peer, long epoch, List<KeyId> keyIds) {}

  private final Map<String, PeerConfig> peers = new LinkedHashMap<>();
  private final Path keyFolder;
  private final PskFileNames names;
  private final CommandRunner runner;
  private final Executor executor;
  private final RotationStats stats;
  private final Map<String, Event> latest = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  /** {@code keyFolder} may be null (no PSK files); {@code names} names the files in it. */
  RotateHooks(List<PeerConfig> peers, Path keyFolder, PskFileNames names, CommandRunner runner,
      Executor executor, RotationStats stats) {
    peers.stream().filter(p -> p.outputs().onRotate() != null)
        .forEach(p -> this.peers.put(p.id(), p));
    this.keyFolder = keyFolder;
    this.names = names;
    this.runner = runner;
    this.executor = executor;
    this.stats = stats;
  }

  boolean any() {
    return !peers.isEmpty();
  }

  @Override
  public void installed(String peer, long epoch, List<KeyId> keyIds) {
    PeerConfig config = peers.get(peer);
    if (config == null) {
      return;
    }
    latest.put(peer, new Event(config, epoch, keyIds));
    if (running.add(peer)) {
      executor.execute(() -> drain(peer));
    }
  }

  private void drain(String peer) {
    while (true) {
      Event event = latest.remove(peer);
      if (event == null) {
        running.remove(peer);
        if (latest.containsKey(peer) && running.add(peer)) {
          continue;
        }
        return;
      }
      run(event);
    }
  }

  private void run(Event event) {
    PeerConfig peer = event.peer();
    RotateHook hook = peer.outputs().onRotate();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("UKMS_PEER", peer.id());
    env.put("UKMS_ALIAS", peer.alias());
    if (keyFolder != null) {
      env.put("UKMS_PSK_FILE", new PskFile(keyFolder, names, peer.alias()).path().toString());
    }
    env.put("UKMS_EPOCH", Long.toString(event.epoch()));
    env.put("UKMS_KEY_IDS", event.keyIds().stream().map(KeyId::toString)
        .collect(Collectors.joining(",")));
    String what = "peer=" + peer.id() + " hook=on_rotate epoch=" + event.epoch() + " command=\""
        + hook.command().get(0) + "\"";
    try {
      CommandRunner.Result result = runner.run(hook.command(), env, null, hook.timeout());
      stats.hookRan(peer.id(), result.ok());
      logger.log(result.ok() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
          what + " result=" + (result.ok() ? "ok" : "failed") + " "
          + (result.timedOut() ? "killed_after_s=" + hook.timeout().toSeconds()
              : "exit=" + result.exitCode())
          + " duration_ms=" + result.took().toMillis() + " output=\"" + result.oneLine() + "\"");
    } catch (IOException e) {
      stats.hookRan(peer.id(), false);
      logger.log(System.Logger.Level.WARNING, what + " result=failed error=\"cannot run: "
          + e.getMessage() + "\"");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

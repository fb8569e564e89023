package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.testing.FreePorts;

/**
 * However many peers hang at once, the daemon's worker threads stay at {@link Daemon#MAX_WORKERS}:
 * 200 peers whose daemon accepts connections and never answers block 16 rounds, and the other
 * rounds wait in the queue instead of each getting a thread.
 */
class BoundedThreadsIT {
  private static final int PEERS = 200;
  @TempDir Path dir;

  @Test
  void twoHundredHangingPeers_useAtMostMaxWorkersThreads() throws Exception {
    List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch blocked = new CountDownLatch(Daemon.MAX_WORKERS);
    try (ServerSocket silent = new ServerSocket(0, 512, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // reads nothing, answers nothing
            blocked.countDown();
          }
        } catch (java.io.IOException e) {
          // closed at the end of the test
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      AuthKeys.generate(dir.resolve("auth.key"), new SecureRandom());
      StringBuilder text = new StringBuilder(String.join("\n", "key_rotation_seconds = 60",
          "key_folder = \"psk\"", "state_dir = \"state\"", "ukms_bind = \"127.0.0.1\"",
          "ukms_port = " + FreePorts.next(), "peer_timeout_seconds = 30", ""));
      for (int i = 0; i < PEERS; i++) {
        text.append(String.join("\n", "[peers.p" + i + "]", "mode = \"pqc\"",
            "auth_key_file = \"auth.key\"",
            "ukms_url = \"http://127.0.0.1:" + silent.getLocalPort() + "\"",
            "alias = \"p" + i + "\"", "source_KME_ID = \"hub\"", "slave_SAE_ID = \"p" + i + "\"",
            ""));
      }
      Files.writeString(dir.resolve("hub.toml"), text);
      InstantSource clock = InstantSource.system();
      Environment env = new Environment(clock, new SplittableRandom(1), UUID::randomUUID, dir,
          workers -> new ExecutorScheduler(clock, workers));

      try (Daemon hub = Daemon.start(ConfigLoader.load(dir.resolve("hub.toml"), dir), env)) {
        assertTrue(blocked.await(60, TimeUnit.SECONDS), "MAX_WORKERS rounds reached the silent peer");
        assertEquals(Daemon.MAX_WORKERS, workerThreads(), "no thread beyond the bound");
        assertEquals(Daemon.MAX_WORKERS, accepted.size(), "the other rounds wait their turn");
        assertEquals(PEERS, hub.statuses().size());
      } finally {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }

  private static long workerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("ukms-worker-")).count();
  }
}

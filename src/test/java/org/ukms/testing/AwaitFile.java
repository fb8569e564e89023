package org.ukms.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waits for a file written by another thread or process, on file-system events, not on time. */
public final class AwaitFile {
  private AwaitFile() {}

  /** Returns the file's text once {@code ready} accepts it; fails after {@code timeout}. */
  public static String await(Path file, Predicate<String> ready, Duration timeout)
      throws IOException, InterruptedException {
    try (WatchService watcher = file.getFileSystem().newWatchService()) {
      file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        if (Files.exists(file)) {
          String text = Files.readString(file);
          if (ready.test(text)) {
            return text;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no ready " + file + " within " + timeout.toSeconds() + " s");
        }
        // The poll bound only guards against an event lost between the check and the wait.
        WatchKey key = watcher.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)),
            TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
  }
}

package org.ukms.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code ukms} as a separate JVM on the test classpath, its output lines (stdout and stderr) fed
 * to a shared queue so tests wait on events, not on time.
 */
public final class UkmsProcess implements AutoCloseable {
  public final String name;
  public final Process process;
  public final List<String> lines = new CopyOnWriteArrayList<>();
  private Thread reader;

  private UkmsProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  public static UkmsProcess start(String name, Path workDir, BlockingQueue<String> events,
      String... args) throws IOException {
    return startIn(name, workDir, events, List.of(), args);
  }

  /** As {@link #start}, the JVM run by {@code prefix} (e.g. ip netns exec NAME). */
  public static UkmsProcess startIn(String name, Path workDir, BlockingQueue<String> events,
      List<String> prefix, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.ukms.Main"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).start();
    UkmsProcess up = new UkmsProcess(name, p);
    up.reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          up.lines.add(line);
          events.add(name + ": " + line);
        }
      } catch (IOException e) {
        events.add(name + ": <stderr closed: " + e + ">");
      }
    }, "stderr-" + name);
    up.reader.setDaemon(true);
    up.reader.start();
    return up;
  }

  /**
   * Sends SIGTERM and waits up to {@code seconds} for the exit code (-1 if it did not exit), then
   * for the last of its stderr lines.
   */
  public int terminate(long seconds) throws InterruptedException {
    process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our pipes
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      return -1;
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    return process.exitValue();
  }

  /**
   * Waits up to {@code seconds} for the process to exit on its own and then for its last output
   * line; the exit code, or -1 if it did not exit.
   */
  public int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      return -1;
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    return process.exitValue();
  }

  /** Waits for a line containing {@code text}; returns it, or fails after {@code seconds}. */
  public static String await(BlockingQueue<String> events, String text, long seconds)
      throws InterruptedException {
    return await(events, "", text, seconds);
  }

  /**
   * Waits until this process has printed a line containing {@code text}, before now (an earlier
   * {@link #await} may have taken it from {@code events}) or within {@code seconds}; {@code events}
   * must be the queue this process writes to. Each line reaches {@link #lines} before
   * {@code events}, so a line missing from the first is still to come on the second.
   */
  public void awaitPrinted(BlockingQueue<String> events, String text, long seconds)
      throws InterruptedException {
    if (lines.stream().noneMatch(l -> l.contains(text))) {
      await(events, name + ": ", text, seconds);
    }
  }

  private static String await(BlockingQueue<String> events, String prefix, String text,
      long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      String line = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no line containing \"" + text + "\" within " + seconds + " s");
      }
      if (line.startsWith(prefix) && line.contains(text)) {
        return line;
      }
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}

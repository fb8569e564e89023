package org.ukms.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one program to completion: the argument list goes to {@code execve} as is (no shell, so no
 * quoting or injection), {@code stdin} is written and closed, stdout and stderr are merged and
 * kept up to a cap (the rest is read and dropped so the child never blocks), and a child still
 * running at the timeout is killed together with its descendants. The child's environment is
 * built, not inherited: {@link #INHERITED} from the daemon's (never {@code NOTIFY_SOCKET},
 * {@code CREDENTIALS_DIRECTORY} or anything else systemd or a shell put there), plus what the
 * caller adds.
 */
public final class CommandRunner {
  /** The only variables a child inherits from the daemon, when set. */
  static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "TZ");
  /** A child's PATH when the daemon has none. */
  static final String SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** How a run ended; {@code output} is at most the cap, {@code truncated} says if more came. */
  public record Result(int exitCode, boolean timedOut, String output, boolean truncated,
      Duration took) {
    public boolean ok() {
      return !timedOut && exitCode == 0;
    }

    /** A one-line summary of the ending: "exit 3", "timed out after 10 s". */
    public String ending(Duration timeout) {
      return timedOut ? "timed out after " + timeout.toSeconds() + " s" : "exit " + exitCode;
    }

    /** The output on one line, for a log field. */
    public String oneLine() {
      String flat = output.strip().replace("\\", "\\\\").replace("\"", "\\\"")
          .replace("\r", "").replace("\n", "\\n");
      return truncated ? flat + "...(truncated)" : flat;
    }
  }

  private final int outputCap;
  private final Map<String, String> inherited;

  /** A runner whose children inherit {@link #INHERITED} from this process's environment. */
  public CommandRunner(int outputCap) {
    this(outputCap, System.getenv());
  }

  /** A runner whose children inherit {@link #INHERITED} from {@code daemonEnvironment}. */
  CommandRunner(int outputCap, Map<String, String> daemonEnvironment) {
    this.outputCap = outputCap;
    Map<String, String> kept = new LinkedHashMap<>();
    for (String name : INHERITED) {
      String value = daemonEnvironment.get(name);
      if (value != null) {
        kept.put(name, value);
      }
    }
    kept.putIfAbsent("PATH", SAFE_PATH);
    this.inherited = Map.copyOf(kept);
  }

  /**
   * Runs {@code command} with the inherited variables plus {@code extraEnvironment} and nothing
   * else. The caller owns {@code stdin} (and zeroes it if it is secret); it is never copied here.
   */
  public Result run(List<String> command, Map<String, String> extraEnvironment, byte[] stdin,
      Duration timeout) throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.putAll(inherited);
    environment.putAll(extraEnvironment);
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process process = builder.start();
    OutputReader reader = new OutputReader(process.getInputStream(), outputCap);
    Thread readerThread = new Thread(reader, "ukms-exec-output");
    readerThread.setDaemon(true);
    readerThread.start();
    if (stdin != null) {
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      } catch (IOException e) {
        // The child exited without reading its input; its exit status tells the rest.
      }
    }
    boolean exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor();
    }
    readerThread.join(TimeUnit.SECONDS.toMillis(2));
    return new Result(exited ? process.exitValue() : -1, !exited, reader.text(),
        reader.truncated(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** Drains a stream, keeping the first {@code cap} bytes. */
  private static final class OutputReader implements Runnable {
    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;

    OutputReader(InputStream in, int cap) {
      this.in = in;
      this.cap = cap;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[4096];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (this) {
            int room = cap - kept.size();
            kept.write(buffer, 0, Math.min(room, n));
            truncated |= n > room;
          }
        }
      } catch (IOException e) {
        // The child is gone; what was read is kept.
      }
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
      return truncated;
    }
  }
}

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a process uses: CPU ticks, RSS and threads from /proc; thread names and heap via jcmd. */
final class ProcStats {
  private ProcStats() {}

  /** Live threads by name with digits removed, through jcmd. */
  static java.util.Map<String, Long> threadNames(long pid) throws Exception {
    Process p = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\"([^\"]*)\"").matcher(text);
    while (m.find()) {
      out.merge(m.group(1).replaceAll("\\d+", "N"), 1L, Long::sum);
    }
    return out;
  }

  /** Used heap in bytes after a full GC, through jcmd. */
  static long heapAfterGc(long pid) throws Exception {
    Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").start();
    gc.getInputStream().readAllBytes();
    gc.waitFor();
    Process info = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").start();
    String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    info.waitFor();
    // One "total …K, used …K" line per heap (G1) or generation (Serial, Parallel: young and old,
    // summed); Metaspace and class space print "used" too, and are not heap.
    long used = -1;
    for (String line : text.split("\n")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K")
          .matcher(line);
      if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
        used = Math.max(used, 0) + Long.parseLong(m.group(1)) * 1024;
      }
    }
    return used;
  }

  static long cpuTicks(long pid) throws IOException {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static long rssKib(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  static int threads(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("Threads:")) {
        return Integer.parseInt(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}

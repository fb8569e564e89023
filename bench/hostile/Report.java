/** A run's output: one table row per measure, and counts of log lines. */
final class Report {
  private Report() {}

  static void row(String what, Object value) {
    System.out.println("| " + what + " | " + value + " |");
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}

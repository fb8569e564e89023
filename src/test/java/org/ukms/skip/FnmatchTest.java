package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Fnmatch}: the glob table of SKIP-KEY-05 and skip.md §13 #10, then Python as reference. */
class FnmatchTest {
  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "KP_*_LOC1|KP_A_LOC1|true",
      "KP_*_LOC1|KP_A_LOC1X|false",
      "KP_*_LOC1|KP_A.LOC1|false",
      "KP_*_LOC1|XKP_A_LOC1|false",
      "KP_*_LOC1|KP__LOC1|true",
      "KP_*_LOC1|KP_A_B_LOC1|true",
      "KP.A|KP.A|true",
      "KP.A|KPxA|false",
      "?|a|true",
      "?|''|false",
      "?|ab|false",
      "a?c|abc|true",
      "*|''|true",
      "*|anything/at.all|true",
      "**a**|xxa|true",
      "*a|ba|true",
      "*a|ab|false",
      "a*b*c|aXbYc|true",
      "a*b*c|aXbYcZ|false",
      "a*b*c|abcbc|true",
      "[abc]|b|true",
      "[abc]|d|false",
      "[!abc]|d|true",
      "[!abc]|a|false",
      "[a-c]x|bx|true",
      "[a-c]x|dx|false",
      "[!a-c]|-|true",
      "[a-]|-|true",
      "[-a]|-|true",
      "[]]|]|true",
      "[]a]|a|true",
      "[!]]|]|false",
      "[!]]|x|true",
      "[c-a]|b|false",
      "[!c-a]|b|true",
      "[abc|[abc|true",
      "[abc|a|false",
      "[!]|[!]|true",
      "[]|[]|true",
      "a\\*|a\\bc|true",
      "a\\*|a*|false",
      "KP_[0-9][0-9]|KP_42|true",
      "KP_[0-9][0-9]|KP_4a|false",
      "Z?rich|Zürich|true",
      "^a|^a|true",
      "[^a]|b|false",
  })
  void skipKey05_matches_posixTable(String pattern, String name, boolean expected) {
    assertEquals(expected, Fnmatch.matches(pattern, name));
  }

  @Test
  void matches_pathologicalStars_finishQuickly() {
    String pattern = "*a".repeat(50) + "b";
    String name = "a".repeat(256);

    assertEquals(false, Fnmatch.matches(pattern, name));
  }

  /**
   * Python's {@code fnmatch.fnmatchcase}, an independent implementation of the same rules, agrees
   * on 20,000 random patterns and names over a small alphabet rich in glob syntax.
   */
  @Test
  void matches_randomPatterns_agreeWithPythonFnmatchcase() throws Exception {
    Random random = new Random(20261127);
    List<String[]> cases = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      cases.add(new String[] {
          randomText(random, "ab.-]![*?^\\", 7), randomText(random, "ab.-]![^\\", 5)});
    }
    List<String> python = python(cases);
    assumeTrue(python != null, "python3 not found: the cross-check against fnmatchcase is skipped");
    for (int i = 0; i < cases.size(); i++) {
      String[] c = cases.get(i);
      assertEquals(python.get(i).equals("1"), Fnmatch.matches(c[0], c[1]),
          "pattern " + c[0] + " name " + c[1]);
    }
  }

  private static String randomText(Random random, String alphabet, int maxLength) {
    int n = random.nextInt(maxLength + 1);
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /** Python's answers, "1" or "0" per case, or null when python3 cannot run. */
  private static List<String> python(List<String[]> cases) throws IOException,
      InterruptedException {
    String script = "import sys, fnmatch\n"
        + "for line in sys.stdin.read().split('\\n')[:-1]:\n"
        + "    p, n = line.split('\\t')\n"
        + "    print('1' if fnmatch.fnmatchcase(n, p) else '0')\n";
    Process process;
    try {
      process = new ProcessBuilder(List.of("python3", "-c", script)).start();
    } catch (IOException e) {
      return null;
    }
    StringBuilder input = new StringBuilder();
    for (String[] c : cases) {
      input.append(c[0]).append('\t').append(c[1]).append('\n');
    }
    try (OutputStream in = process.getOutputStream()) {
      in.write(input.toString().getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      return null;
    }
    return List.of(out.split("\n"));
  }
}

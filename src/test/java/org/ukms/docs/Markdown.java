package org.ukms.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** README.md and docs/*.md as the tests read them: headings, links and fenced blocks. */
final class Markdown {
  /** A fenced block: its language, its text, whether a {@code <!-- fragment -->} precedes it. */
  record Block(Path file, int line, String language, String text, boolean fragment) {}

  /** A link target {@code ](target)} outside fenced blocks, with the line it is on. */
  record Link(Path file, int line, String target) {}

  private Markdown() {}

  /** The repository root: the working folder of the tests. */
  static Path root() {
    return Path.of("").toAbsolutePath();
  }

  /** README.md and every docs/*.md. */
  static List<Path> files() {
    List<Path> out = new ArrayList<>();
    out.add(root().resolve("README.md"));
    try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Block> blocks(Path file) {
    List<Block> out = new ArrayList<>();
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).strip();
      if (!t.startsWith("```")) {
        continue;
      }
      String language = t.substring(3).strip();
      boolean fragment = i > 0 && lines.get(i - 1).strip().equals("<!-- fragment -->");
      StringBuilder text = new StringBuilder();
      int start = i + 1;
      for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
        text.append(lines.get(i).strip().isEmpty() ? "" : lines.get(i)).append('\n');
      }
      out.add(new Block(file, start, language, text.toString(), fragment));
    }
    return out;
  }

  static List<Link> links(Path file) {
    List<Link> out = new ArrayList<>();
    boolean fenced = false;
    List<String> lines = lines(file);
    java.util.regex.Pattern link = java.util.regex.Pattern.compile("\\]\\(([^)\\s]+)\\)");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      java.util.regex.Matcher m = link.matcher(line.replaceAll("`[^`]*`", "``"));
      while (m.find()) {
        out.add(new Link(file, i + 1, m.group(1)));
      }
    }
    return out;
  }

  /** The anchors GitHub makes from the headings of {@code file}. */
  static Set<String> anchors(Path file) {
    Set<String> out = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : lines(file)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      }
      if (fenced || !line.startsWith("#")) {
        continue;
      }
      String anchor = slug(line.replaceFirst("^#+\\s*", ""));
      int n = seen.merge(anchor, 1, Integer::sum);
      out.add(n == 1 ? anchor : anchor + "-" + (n - 1));
    }
    return out;
  }

  /** GitHub's heading slug: lower case, punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    return heading.strip().toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }
}

package org.ukms.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every relative link and {@code #anchor} in README.md and docs/*.md points at something. */
class DocsLinksTest {
  @Test
  void links_inReadmeAndDocs_allResolve() {
    List<String> broken = new ArrayList<>();
    for (Path file : Markdown.files()) {
      for (Markdown.Link link : Markdown.links(file)) {
        String problem = problem(file, link.target());
        if (problem != null) {
          broken.add(Markdown.root().relativize(file) + ":" + link.line() + ": ("
              + link.target() + ") " + problem);
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  void slug_followsGitHub() {
    assertEquals("kme-settings-etsi_-top-level-or-per-peer-per-peer-wins--ukms",
        Markdown.slug("KME settings (`etsi_*`, top level or per peer; per peer wins) — *ukms*"));
    assertEquals("peerspeer_id", Markdown.slug("`[peers.<peer_id>]`"));
  }

  /** Null when {@code target} resolves from {@code file}, else what is wrong. */
  private static String problem(Path file, String target) {
    if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
      return null; // https:, mailto: and the like: not ours to check offline
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path to = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
    if (!Files.exists(to)) {
      return "no such file";
    }
    if (anchor != null && !(to.toString().endsWith(".md") && Markdown.anchors(to).contains(anchor))) {
      return "no such heading in " + Markdown.root().relativize(to);
    }
    return null;
  }
}

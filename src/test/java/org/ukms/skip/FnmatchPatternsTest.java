package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** fnmatch as skip.md section 13 #10 fixes it (SKIP-KEY-05's examples). */
class FnmatchPatternsTest {
  @Test
  void star_isAnchoredAndDotIsLiteral_SKIP_KEY_05() {
    assertTrue(Fnmatch.matches("KP_*_LOC1", "KP_A_LOC1"));
    assertFalse(Fnmatch.matches("KP_*_LOC1", "KP_A_LOC1X"));
    assertFalse(Fnmatch.matches("KP_*_LOC1", "KP_A.LOC1"));
    assertTrue(Fnmatch.matches("a.b", "a.b"));
    assertFalse(Fnmatch.matches("a.b", "axb"));
  }

  @Test
  void questionMarkAndBrackets() {
    assertTrue(Fnmatch.matches("Bo?", "Bob"));
    assertFalse(Fnmatch.matches("Bo?", "Bo"));
    assertTrue(Fnmatch.matches("KP[0-9]", "KP7"));
    assertFalse(Fnmatch.matches("KP[!0-9]", "KP7"));
    assertTrue(Fnmatch.matches("KP[!0-9]", "KPx"));
    assertTrue(Fnmatch.matches("[]x]", "]"));
    assertTrue(Fnmatch.matches("KP[", "KP["), "an unclosed [ is literal");
    assertTrue(Fnmatch.matches("*", ""));
    assertTrue(Fnmatch.matches("a*b*c", "aXXbYYbc"));
    assertFalse(Fnmatch.matches("a*b*c", "aXXbYYb"));
  }
}

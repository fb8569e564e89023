package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** fnmatch as skip.md section 13 #10 fixes it (SKIP-KEY-05's examples). */
class SystemIdGlobTest {
  @Test
  void star_isAnchoredAndDotIsLiteral_SKIP_KEY_05() {
    assertTrue(SystemIdGlob.matches("KP_*_LOC1", "KP_A_LOC1"));
    assertFalse(SystemIdGlob.matches("KP_*_LOC1", "KP_A_LOC1X"));
    assertFalse(SystemIdGlob.matches("KP_*_LOC1", "KP_A.LOC1"));
    assertTrue(SystemIdGlob.matches("a.b", "a.b"));
    assertFalse(SystemIdGlob.matches("a.b", "axb"));
  }

  @Test
  void questionMarkAndBrackets() {
    assertTrue(SystemIdGlob.matches("Bo?", "Bob"));
    assertFalse(SystemIdGlob.matches("Bo?", "Bo"));
    assertTrue(SystemIdGlob.matches("KP[0-9]", "KP7"));
    assertFalse(SystemIdGlob.matches("KP[!0-9]", "KP7"));
    assertTrue(SystemIdGlob.matches("KP[!0-9]", "KPx"));
    assertTrue(SystemIdGlob.matches("[]x]", "]"));
    assertTrue(SystemIdGlob.matches("KP[", "KP["), "an unclosed [ is literal");
    assertTrue(SystemIdGlob.matches("*", ""));
    assertTrue(SystemIdGlob.matches("a*b*c", "aXXbYYbc"));
    assertFalse(SystemIdGlob.matches("a*b*c", "aXXbYYb"));
  }
}

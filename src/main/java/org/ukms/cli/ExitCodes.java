package org.ukms.cli;

/** The exit codes of every ukms command (a product contract). */
final class ExitCodes {
  static final int OK = 0;
  static final int RUNTIME_FAILURE = 1;
  static final int USAGE_OR_CONFIG = 2;

  private ExitCodes() {}
}

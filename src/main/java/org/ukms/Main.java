package org.ukms;

import org.ukms.cli.UkmsCommand;

/** Entry point: runs the picocli command line and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(UkmsCommand.execute(args));
  }
}

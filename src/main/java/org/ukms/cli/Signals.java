package org.ukms.cli;

/**
 * SIGTERM and SIGINT as a normal stop with exit code 0. The JVM turns them into a shutdown with
 * status 143/130; our shutdown hook drains the daemon and then halts with 0, which a service
 * manager reads as a clean stop. An exit that the program starts itself ({@link #exiting()})
 * keeps its own status.
 */
final class Signals {
  private static final Object LOCK = new Object();
  private static boolean exiting;

  private Signals() {}

  /** Runs {@code drain} on SIGTERM/SIGINT, then halts the JVM with status 0. */
  static void onTermination(Runnable drain) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (LOCK) {
        if (exiting) {
          return;
        }
      }
      drain.run();
      System.err.flush();
      System.out.flush();
      Runtime.getRuntime().halt(ExitCodes.OK);
    }, "ukms-shutdown"));
  }

  /** The program is exiting on its own: shutdown hooks must not change its status. */
  static void exiting() {
    synchronized (LOCK) {
      exiting = true;
    }
  }
}

package org.ukms.cli;

/**
 * SIGHUP as a reload, and SIGTERM and SIGINT as a normal stop with exit code 0. The JVM turns them into a shutdown with
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

  /**
   * Runs {@code reload} on each SIGHUP, one at a time on a thread of its own, instead of the
   * JVM's default (a shutdown, which a service manager would read as a clean stop).
   */
  static void onHangup(Runnable reload) {
    java.util.concurrent.ExecutorService one = java.util.concurrent.Executors
        .newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "ukms-reload");
          t.setDaemon(true);
          return t;
        });
    handle("HUP", () -> one.execute(reload));
  }

  /**
   * {@code sun.misc.Signal.handle(new Signal(name), handler)} (module jdk.unsupported, present in
   * every JDK from 9 to 25), through reflection because javac warns about the internal API and
   * the build treats warnings as errors.
   */
  private static void handle(String name, Runnable handler) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object proxy = java.lang.reflect.Proxy.newProxyInstance(Signals.class.getClassLoader(),
          new Class<?>[] {handlerType}, (p, method, args) -> {
            if (method.getName().equals("handle")) {
              handler.run();
              return null;
            }
            return method.getName().equals("toString") ? "ukms " + name + " handler"
                : method.getName().equals("hashCode") ? System.identityHashCode(p) : p == args[0];
          });
      signal.getMethod("handle", signal, handlerType)
          .invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot handle SIG" + name + ": " + e, e);
    }
  }

  /** The program is exiting on its own: shutdown hooks must not change its status. */
  static void exiting() {
    synchronized (LOCK) {
      exiting = true;
    }
  }
}

package org.ukms.daemon;

import java.io.PrintStream;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * One line per event on stderr, no timestamps (journald adds them). Under systemd (when {@code
 * JOURNAL_STREAM} is set) each line starts with its syslog priority, {@code <6>} for info, so
 * journald records the level; elsewhere it starts with the level's name. With {@link
 * LogFormat#JSON} each line is a JSON object instead ({@link JsonLogLine}).
 */
public final class Logs {
  private Logs() {}

  /**
   * Selects {@link KeepHandlers} as the JDK's log manager. Call first thing in {@code main},
   * before any logger exists; the JDK reads the property once.
   */
  public static void selectManager() {
    System.setProperty("java.util.logging.manager", KeepHandlers.class.getName());
  }

  public static void install(PrintStream err, boolean journal, Level level) {
    install(err, journal, level, LogFormat.TEXT);
  }

  /** As {@link #install(PrintStream, boolean, Level)}, in {@code format}. */
  public static void install(PrintStream err, boolean journal, Level level, LogFormat format) {
    if (LogManager.getLogManager() instanceof KeepHandlers keep) {
      keep.keep();
    }
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    Formatter formatter = format == LogFormat.JSON ? new JsonLogLine(journal) : new OneLine(journal);
    Handler handler = new StreamHandler(err, formatter) {
      @Override
      public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
      }
    };
    handler.setLevel(level);
    root.addHandler(handler);
    // Below INFO, only ukms's own loggers speak, unless the level is trace (FINEST): at debug the
    // JDK's TLS, OkHttp's task runner and Jetty would bury ukms's lines.
    boolean trace = level.intValue() <= Level.FINEST.intValue();
    root.setLevel(trace || level.intValue() >= Level.INFO.intValue() ? level : Level.INFO);
    Quiet.UKMS.setLevel(level);
    Quiet.LOGGERS.forEach(l -> l.setLevel(trace ? level : Level.WARNING));
  }

  /**
   * The level named by {@code --log-level} or {@code UKMS_LOG_LEVEL}: error, warning, info, debug
   * (ukms's own lines) or trace (libraries too); null for anything else.
   */
  public static Level parse(String name) {
    switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "error":
        return Level.SEVERE;
      case "warning":
      case "warn":
        return Level.WARNING;
      case "info":
        return Level.INFO;
      case "debug":
        return Level.FINE;
      case "trace":
        return Level.FINEST;
      default:
        return null;
    }
  }

  /**
   * Libraries whose INFO lines (Jetty's version banner, OkHttp's notes) are noise in ukms's log.
   * Held because the JDK keeps loggers only weakly (a level set on a dropped logger is lost), and
   * in a holder so no logger exists before {@link #selectManager()} has run.
   */
  private static final class Quiet {
    static final List<Logger> LOGGERS =
        List.of(Logger.getLogger("okhttp3"), Logger.getLogger("org.eclipse.jetty"));
    static final Logger UKMS = Logger.getLogger("org.ukms");
  }

  /**
   * The JDK's log manager resets (closes) every handler in its own shutdown hook, which would
   * swallow what ukms logs while it drains on SIGTERM. Once ukms has installed its handler, this
   * manager ignores resets; the handler flushes every record, so nothing is lost at exit.
   */
  public static final class KeepHandlers extends LogManager {
    private volatile boolean keep;

    void keep() {
      keep = true;
    }

    @Override
    public void reset() {
      if (!keep) {
        super.reset();
      }
    }
  }

  private static final class OneLine extends Formatter {
    private final boolean journal;

    OneLine(boolean journal) {
      this.journal = journal;
    }

    @Override
    public String format(LogRecord record) {
      String message = formatMessage(record).replace('\n', ' ').replace('\r', ' ');
      String name = record.getLoggerName() == null ? "" : record.getLoggerName();
      String shortName = name.substring(name.lastIndexOf('.') + 1);
      String prefix = journal ? "<" + priority(record.getLevel()) + ">" : label(record.getLevel());
      return prefix + " " + shortName + ": " + message + System.lineSeparator();
    }
  }

  /** The syslog priority journald reads from a {@code <N>} prefix (and removes). */
  static int priority(Level level) {
    int v = level.intValue();
    return v >= Level.SEVERE.intValue() ? 3 : v >= Level.WARNING.intValue() ? 4
        : v >= Level.INFO.intValue() ? 6 : 7;
  }

  /** The level's name, padded to five characters: ERROR, WARN, INFO, DEBUG or TRACE. */
  static String label(Level level) {
    int v = level.intValue();
    return v >= Level.SEVERE.intValue() ? "ERROR" : v >= Level.WARNING.intValue() ? "WARN "
        : v >= Level.INFO.intValue() ? "INFO " : v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }
}

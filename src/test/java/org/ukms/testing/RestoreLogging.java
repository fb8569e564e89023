package org.ukms.testing;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that install ukms's log handlers ({@code Logs.install}): puts the root logger's
 * handlers and level back after each test, and the {@code org.ukms} level, so later tests log as
 * before. Use with {@code @ExtendWith(RestoreLogging.class)}.
 */
public final class RestoreLogging implements BeforeEachCallback, AfterEachCallback {
  private final Logger root = Logger.getLogger("");
  private List<Handler> savedHandlers;
  private Level savedLevel;

  @Override
  public void beforeEach(ExtensionContext context) {
    savedHandlers = List.of(root.getHandlers());
    savedLevel = root.getLevel();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    savedHandlers.forEach(root::addHandler);
    root.setLevel(savedLevel);
    Logger.getLogger("org.ukms").setLevel(null);
  }
}

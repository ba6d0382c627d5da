package dev.terminus.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Embedded mode prints the example's progress on the console the logs share: unless {@code
 * TERMINUS_LOG_LEVEL} asks otherwise, only warnings are logged (the operator's watchdog detections,
 * failures), not every Job, process and store start.
 */
final class Logging {

  private Logging() {}

  static void quietUnlessAsked(Map<String, String> env) {
    if (env.containsKey("TERMINUS_LOG_LEVEL")) {
      return;
    }
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.WARN);
    }
  }
}

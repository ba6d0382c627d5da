package dev.terminus.operator.sinks.postgres;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Tells a database that is down (retry) from a write it refuses (give the write up). */
final class SqlFailures {
  /**
   * SQLSTATE classes of the server's or the connection's condition, not of the data: connection
   * exceptions, transaction rollback (serialization, deadlock), insufficient resources, operator
   * intervention (shutdown, starting up), system errors.
   */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");

  private SqlFailures() {}

  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        return state == null
            || state.length() < 2
            || TRANSIENT_CLASSES.contains(state.substring(0, 2));
      }
    }
    return false;
  }

  /**
   * The server's own message, first line only: a batch failure's text repeats the statement with
   * its values, which is long and may hold an execution's data.
   */
  static String describe(Throwable failure) {
    SQLException sql = null;
    for (Throwable t = failure; t != null && sql == null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        sql = s;
      }
    }
    if (sql == null) {
      return failure.toString();
    }
    SQLException cause = sql.getNextException() != null ? sql.getNextException() : sql;
    String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
    if (message.length() > 200) {
      message = message.substring(0, 200) + "…";
    }
    return "SQLSTATE " + cause.getSQLState() + ": " + message;
  }
}

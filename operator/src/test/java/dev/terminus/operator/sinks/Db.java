package dev.terminus.operator.sinks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the projection tables, for assertions. */
public final class Db {
  private final String url;

  public Db(String url) {
    this.url = url;
  }

  public List<Map<String, Object>> rows(String sql, Object... args) {
    try (Connection c = DriverManager.getConnection(url);
        var s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        while (r.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
            row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Map<String, Object> execution(String uid) {
    List<Map<String, Object>> rows = rows("SELECT * FROM executions WHERE uid = ?", uid);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** "node:from->to" (node "-" for the execution), in the order they happened. */
  public List<String> transitions(String uid) {
    return rows(
            "SELECT node, from_phase, to_phase FROM execution_transitions WHERE execution_uid = ?"
                + " ORDER BY resource_version_num, index_in_write",
            uid)
        .stream()
        .map(
            r ->
                (r.get("node") == null ? "-" : r.get("node"))
                    + ":"
                    + r.get("from_phase")
                    + "->"
                    + r.get("to_phase"))
        .toList();
  }

  /** "node#attempt=phase", sorted. */
  public List<String> attempts(String uid) {
    return rows(
            "SELECT node, attempt, phase FROM node_attempts WHERE execution_uid = ?"
                + " ORDER BY node, attempt",
            uid)
        .stream()
        .map(r -> r.get("node") + "#" + r.get("attempt") + "=" + r.get("phase"))
        .toList();
  }

  public long count(String sql, Object... args) {
    return ((Number) rows(sql, args).get(0).values().iterator().next()).longValue();
  }
}

package dev.terminus.operator.sinks.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL URL split into a JDBC URL without credentials, a user and a password, so that the
 * password is handed to the driver alone and never appears in a URL that a library may log. Accepts
 * {@code jdbc:postgresql://[user[:password]@]host[:port]/db[?user=…&password=…]} and the libpq form
 * {@code postgres[ql]://…}. Explicit user and password settings win over the URL's.
 */
record PostgresUrl(String jdbcUrl, String user, String password) {

  static PostgresUrl parse(String url, String userOverride, String passwordOverride) {
    String rest = url.trim();
    if (rest.startsWith("postgres://") || rest.startsWith("postgresql://")) {
      rest = "jdbc:postgresql://" + rest.substring(rest.indexOf("://") + 3);
    }
    if (!rest.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "TERMINUS_POSTGRES_URL must start with jdbc:postgresql:// or postgres://");
    }
    String prefix = "jdbc:postgresql://";
    String afterScheme = rest.substring(prefix.length());
    String user = null;
    String password = null;
    int slash = afterScheme.indexOf('/');
    int at = afterScheme.lastIndexOf('@', slash < 0 ? afterScheme.length() : slash);
    if (at >= 0) {
      String userInfo = afterScheme.substring(0, at);
      afterScheme = afterScheme.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    int question = afterScheme.indexOf('?');
    String base = question < 0 ? afterScheme : afterScheme.substring(0, question);
    List<String> kept = new ArrayList<>();
    if (question >= 0) {
      for (String param : afterScheme.substring(question + 1).split("&")) {
        String key = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
        String value = param.contains("=") ? decode(param.substring(param.indexOf('=') + 1)) : "";
        if (key.equalsIgnoreCase("user")) {
          user = value;
        } else if (key.equalsIgnoreCase("password")) {
          password = value;
        } else if (!param.isEmpty()) {
          kept.add(param);
        }
      }
    }
    String jdbcUrl = prefix + base + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    return new PostgresUrl(
        jdbcUrl,
        userOverride != null ? userOverride : user,
        passwordOverride != null ? passwordOverride : password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "PostgresUrl[" + jdbcUrl + ", user=" + user + "]";
  }
}

package dev.terminus.worker.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A parsed {@code redis://[[user]:password@]host[:port][/db]} (or {@code rediss://} for TLS) URL.
 * {@link #toString()} never shows the password: the URL ends up in logs and in {@code outputRef}.
 */
public record RedisUrl(
    boolean tls,
    String host,
    int port,
    Optional<String> username,
    Optional<String> password,
    int database) {

  public static final int DEFAULT_PORT = 6379;

  public static RedisUrl parse(String url) {
    URI uri = toUri(url);
    String scheme = uri.getScheme();
    if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("scheme must be redis:// or rediss://");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("no host");
    }
    String[] credentials = credentials(uri.getRawUserInfo());
    return new RedisUrl(
        "rediss".equalsIgnoreCase(scheme),
        uri.getHost(),
        uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT,
        Optional.ofNullable(credentials[0]),
        Optional.ofNullable(credentials[1]),
        database(uri.getPath()));
  }

  /** The same server, without credentials: safe to log or hand to the operator. */
  public String address() {
    return (tls ? "rediss" : "redis") + "://" + host + ":" + port;
  }

  @Override
  public String toString() {
    return address() + (database == 0 ? "" : "/" + database);
  }

  private static URI toUri(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      // The reason only: the input may hold a password.
      throw new IllegalArgumentException(e.getReason(), null);
    }
  }

  /** {"user", "password"}: "user:pw", ":pw" and a bare "pw" (as redis-cli reads it) all work. */
  private static String[] credentials(String rawUserInfo) {
    if (rawUserInfo == null || rawUserInfo.isEmpty()) {
      return new String[] {null, null};
    }
    int colon = rawUserInfo.indexOf(':');
    if (colon < 0) {
      return new String[] {null, decode(rawUserInfo)};
    }
    String user = rawUserInfo.substring(0, colon);
    return new String[] {
      user.isEmpty() ? null : decode(user), decode(rawUserInfo.substring(colon + 1))
    };
  }

  private static int database(String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return 0;
    }
    try {
      int database = Integer.parseInt(path.substring(1));
      if (database >= 0) {
        return database;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException("database must be a non-negative integer, got " + path);
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw, StandardCharsets.UTF_8);
  }
}

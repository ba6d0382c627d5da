package dev.terminus.operator.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the projections go ({@link Setting#POSTGRES_URL} and the others). Each store is optional: a
 * null URL turns it off. Credentials are never printed: {@link #toString()} masks them.
 *
 * @param postgresUrl {@code jdbc:postgresql://host:port/db}, user and password may be in it
 * @param postgresUser overrides a user in the URL
 * @param postgresPassword overrides a password in the URL
 * @param redisUrl {@code redis://[:password@]host:port[/db]}
 */
public record ProjectionConfig(
    String postgresUrl, String postgresUser, String postgresPassword, String redisUrl) {

  public static final ProjectionConfig NONE = new ProjectionConfig(null, null, null, null);

  public boolean postgresEnabled() {
    return postgresUrl != null;
  }

  public boolean redisEnabled() {
    return redisUrl != null;
  }

  /**
   * The Redis URL node containers may be given (large outputs, heartbeats): the projections' Redis
   * when its URL carries no credentials, since it is written into every Job's environment.
   */
  public Optional<String> workerRedisUrl() {
    if (redisUrl == null || URI.create(redisUrl).getUserInfo() != null) {
      return Optional.empty();
    }
    return Optional.of(redisUrl);
  }

  public ProjectionConfig withPostgres(String url, String user, String password) {
    return new ProjectionConfig(url, user, password, redisUrl);
  }

  public ProjectionConfig withRedisUrl(String url) {
    return new ProjectionConfig(postgresUrl, postgresUser, postgresPassword, url);
  }

  /** Safe to log: URLs with their passwords masked, the password itself only as set or not. */
  @Override
  public String toString() {
    return "ProjectionConfig[postgresUrl="
        + SecretMask.url(postgresUrl)
        + ", postgresUser="
        + postgresUser
        + ", postgresPassword="
        + (postgresPassword == null ? "unset" : "***")
        + ", redisUrl="
        + SecretMask.url(redisUrl)
        + "]";
  }
}

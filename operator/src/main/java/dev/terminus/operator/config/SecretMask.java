package dev.terminus.operator.config;

import java.util.regex.Pattern;

/** Masks the secrets of a URL so that it can be logged. */
public final class SecretMask {
  // scheme://user:secret@host or scheme://:secret@host
  private static final Pattern USERINFO_PASSWORD = Pattern.compile("(://[^/@:]*:)[^/@]*@");
  // ?password=secret or &password=secret (JDBC style), any case
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)([?&;](?:password|pass|pwd)=)[^&;]*");

  private SecretMask() {}

  /** The URL with every password replaced by {@code ***}; null stays null. */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    String masked = USERINFO_PASSWORD.matcher(url).replaceAll("$1***@");
    return PASSWORD_PARAM.matcher(masked).replaceAll("$1***");
  }
}

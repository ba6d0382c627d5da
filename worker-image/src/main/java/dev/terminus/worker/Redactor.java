package dev.terminus.worker;

import java.util.List;

/**
 * Replaces known secret values (the API key) in text bound for the result or the log. Components
 * never put a key in a message on purpose; this is the net under that rule, because providers echo
 * parts of a rejected key back in their error bodies.
 */
public final class Redactor {
  static final String MASK = "[REDACTED]";

  /** Shorter values would mask ordinary words; no real key is this short. */
  private static final int MIN_SECRET_LENGTH = 4;

  private final List<String> secrets;

  public Redactor(List<String> secrets) {
    this.secrets =
        secrets.stream()
            .filter(s -> s != null && s.strip().length() >= MIN_SECRET_LENGTH)
            .map(String::strip)
            .toList();
  }

  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String redacted = text;
    for (String secret : secrets) {
      redacted = redacted.replace(secret, MASK);
    }
    return redacted;
  }
}

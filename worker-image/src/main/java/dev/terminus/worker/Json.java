package dev.terminus.worker;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the worker (thread-safe once configured). */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}

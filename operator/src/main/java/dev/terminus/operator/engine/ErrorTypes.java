package dev.terminus.operator.engine;

import java.util.regex.Pattern;

/**
 * The error type a worker reports in its result ({@code error.type}) becomes {@code
 * status.nodes[].errorType} only when it looks like a type name: any image can write the result, so
 * free text (a message, a URL, a value) is kept out of a field tools match on. The message still
 * carries whatever the worker wrote, bounded.
 */
final class ErrorTypes {
  private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,62}");

  private ErrorTypes() {}

  /** The reported type when it is a type name, else null. */
  static String typed(String reported) {
    return reported != null && TYPE_NAME.matcher(reported).matches() ? reported : null;
  }
}

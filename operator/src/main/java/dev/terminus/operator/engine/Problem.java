package dev.terminus.operator.engine;

/**
 * One thing wrong with a spec, found by {@link SpecValidator}.
 *
 * @param field where, as a path into the resource, e.g. {@code spec.workflow.nodes[2].dependsOn[0]}
 * @param message what is wrong and, where it helps, how to fix it
 */
public record Problem(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}

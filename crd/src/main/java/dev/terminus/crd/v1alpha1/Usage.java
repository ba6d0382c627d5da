package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Resource usage reported by nodes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(
    @JsonPropertyDescription("Tokens used.") Long tokens,
    @JsonPropertyDescription("Cost in millionths of a currency unit.") Long costMicros) {

  public static final Usage ZERO = new Usage(0L, 0L);

  public Usage plus(Usage other) {
    if (other == null) {
      return this;
    }
    return new Usage(nz(tokens) + nz(other.tokens), nz(costMicros) + nz(other.costMicros));
  }

  private static long nz(Long v) {
    return v == null ? 0L : v;
  }
}

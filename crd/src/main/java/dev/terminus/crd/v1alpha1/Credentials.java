package dev.terminus.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.terminus.protocol.WorkerEnv;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A credential referenced from a Secret: never inlined, never copied into status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Credentials(
    @JsonPropertyDescription("The Secret and key holding the credential.") @Required
        SecretKeyRef secretRef,
    @JsonPropertyDescription(
            "Environment variable that receives the value; TERMINUS_API_KEY when unset.")
        @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
        @Size(max = 256)
        String env) {

  public static final String DEFAULT_ENV = WorkerEnv.API_KEY;

  public String envOrDefault() {
    return env == null ? DEFAULT_ENV : env;
  }
}

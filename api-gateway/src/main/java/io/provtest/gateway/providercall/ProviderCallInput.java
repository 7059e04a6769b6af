package io.provtest.gateway.providercall;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.provtest.gateway.api.ActionInput;
import io.provtest.gateway.api.AddressInput;
import io.provtest.gateway.http.StrictFields;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A forced test call as a client sends it. route-manager validates the rest (source and destination forms,
 * {@code flow_id} or {@code actions}, anonymous) and orchestrates; flow-manager checks inline actions.
 */
@StrictFields
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ProviderCallInput", example = "{\"provider_id\":\"6f02d97c-0011-45f5-80e1-f3fb20fa41d1\","
        + "\"source\":{\"type\":\"tel\",\"target\":\"+14155551234\"},"
        + "\"destinations\":[{\"type\":\"tel\",\"target\":\"+821012345678\"}],"
        + "\"actions\":[{\"type\":\"answer\"},{\"type\":\"talk\",\"option\":{\"text\":\"This is a test call.\"}},"
        + "{\"type\":\"hangup\"}]}")
public record ProviderCallInput(@Schema(required = true) @NotNull UUID providerId,
                                @Schema(description = "a flow to run after answer (or actions, not both)") UUID flowId,
                                @Size(max = 1000) List<@NotNull @Valid ActionInput> actions,
                                @Schema(required = true) @Valid AddressInput source,
                                @Schema(required = true) @Size(max = 100)
                                List<@NotNull @Valid AddressInput> destinations,
                                @Schema(description = "yes, no or auto") @Size(max = 16) String anonymous) {
}

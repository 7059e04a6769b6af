package io.provtest.gateway.groupcall;

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
 * A groupcall as a client sends it: only these fields exist (a client never sets metadata such as provider
 * forcing); the customer comes from the credentials. call-manager checks the addresses and methods.
 */
@StrictFields
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "GroupcallInput", example = "{\"source\":{\"type\":\"tel\",\"target\":\"+14155551234\"},"
        + "\"destinations\":[{\"type\":\"agent\",\"target\":\"8f0b…\"}],\"ring_method\":\"ring_all\"}")
public record GroupcallInput(@Schema(required = true) @Valid AddressInput source,
                             @Schema(required = true) @Size(max = 100) List<@NotNull @Valid AddressInput> destinations,
                             UUID flowId, @Size(max = 1000) List<@NotNull @Valid ActionInput> actions,
                             @Schema(description = "ring_all (default) or linear") @Size(max = 32) String ringMethod,
                             @Schema(description = "hangup_others") @Size(max = 32) String answerMethod,
                             @Schema(description = "yes, no or auto") @Size(max = 16) String anonymous) {
}

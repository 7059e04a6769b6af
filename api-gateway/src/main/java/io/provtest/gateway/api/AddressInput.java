package io.provtest.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.provtest.gateway.http.StrictFields;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A party of a call as a client gives it (source or destination). The services check the type and the target's form
 * (E.164, SIP URI, agent id …) for the context; the gateway checks the JSON types and sizes.
 */
@StrictFields
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AddressInput", example = "{\"type\":\"tel\",\"target\":\"+821012345678\"}")
public record AddressInput(
        @Schema(description = "tel, sip, agent, extension …", required = true) @NotBlank @Size(max = 32) String type,
        @Schema(required = true) @NotBlank @Size(max = 2048) String target,
        @Size(max = 255) String targetName,
        @Size(max = 255) String name,
        @Size(max = 2048) String detail) {
}

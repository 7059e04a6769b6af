package io.provtest.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.gateway.http.StrictFields;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One step of a flow as a client gives it. flow-manager checks the type (answer, talk, sleep, hangup, play:
 * {@code INVALID_ACTION_TYPE}) and the option's fields per type; the gateway checks the JSON types.
 */
@StrictFields
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ActionInput", example = "{\"type\":\"talk\",\"option\":{\"text\":\"Hello\",\"language\":\"en-US\"}}")
public record ActionInput(UUID id, UUID nextId,
                          @Schema(description = "answer, talk, sleep, hangup or play") @Size(max = 32) String type,
                          @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                                  description = "the type's settings, e.g. {\"text\", \"language\"} for talk")
                          JsonNode option) {
}

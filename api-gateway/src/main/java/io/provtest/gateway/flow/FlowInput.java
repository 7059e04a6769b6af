package io.provtest.gateway.flow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.provtest.gateway.api.ActionInput;
import io.provtest.gateway.http.StrictFields;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A flow as a client sends it (create and update). The customer comes from the credentials and a flow made here is
 * always persisted; flow-manager validates the actions and owns the stored shape.
 */
@StrictFields
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "FlowInput", example = "{\"name\":\"greeting\",\"actions\":[{\"type\":\"answer\"},"
        + "{\"type\":\"talk\",\"option\":{\"text\":\"Hello\"}},{\"type\":\"hangup\"}]}")
public record FlowInput(@Schema(description = "only flow") @Size(max = 16) String type,
                        @Size(max = 255) String name, @Size(max = 2048) String detail,
                        @Size(max = 1000) List<@NotNull @Valid ActionInput> actions, UUID onCompleteFlowId) {
}

package io.provtest.common.api.flow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * A flow as the public API creates ({@code POST /v1/flows}, customer and {@code persist} set) or replaces it
 * ({@code PUT /v1/flows/{id}}, the client's fields only). Absent fields are left out of the body, as the client left
 * them out. {@code actions} stays the client's JSON: flow-manager alone validates actions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowSpec(UUID customerId, String type, String name, String detail, JsonNode actions,
                       UUID onCompleteFlowId, Boolean persist) {
}

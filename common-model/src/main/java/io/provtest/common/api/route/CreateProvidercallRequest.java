package io.provtest.common.api.route;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * {@code POST /v1/providercalls}: the public request as the client sent it ({@code request}: provider_id, source,
 * destinations, flow_id or actions, anonymous) as JSON: route-manager validates every field and hands the actions
 * on unchanged to flow-manager, which alone validates actions (as {@code FlowSpec} carries them); with what the gateway
 * knows of the caller: its customer and that customer's status (a frozen one places no call), the agent, and the
 * client's {@code Idempotency-Key} (null when none).
 */
public record CreateProvidercallRequest(UUID customerId, UUID createdBy, String idempotencyKey, String customerStatus,
                                        JsonNode request) {
}

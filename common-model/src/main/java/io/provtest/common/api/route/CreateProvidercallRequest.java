package io.provtest.common.api.route;

import java.util.UUID;

/**
 * {@code POST /v1/providercalls}: the public request as the client sent it ({@code request}, validated again by
 * route-manager) with what the gateway knows of the caller: its customer and that customer's status (a frozen one
 * places no call), the agent, and the client's {@code Idempotency-Key} (null when none).
 */
public record CreateProvidercallRequest(UUID customerId, UUID createdBy, String idempotencyKey, String customerStatus,
                                        Object request) {
}

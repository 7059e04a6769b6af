package io.provtest.common.model;

import java.util.List;
import java.util.UUID;

/**
 * What call-manager needs to ring an agent, as the gateway's identity store answers it on
 * {@code GET /v1/agents/{id}} (queue {@code api-gateway.request}): never credentials.
 */
public record AgentDialPlan(UUID id, UUID customerId, List<Address> addresses, String ringMethod, boolean deleted) {
}

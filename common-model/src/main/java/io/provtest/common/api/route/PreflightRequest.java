package io.provtest.common.api.route;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * {@code POST /v1/billing/preflight}. {@code source} and {@code destinations} go as the client sent them (route-manager
 * reads what it can; a malformed destination is left for call-manager's validation); {@code origin}: call or
 * groupcall.
 */
public record PreflightRequest(UUID customerId, String customerStatus, JsonNode source, JsonNode destinations,
                               String origin) {
}

package io.provtest.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.FieldViolation;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.gateway.http.Backend;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Billing's pre-flight of a customer's call request, asked of route-manager before the request goes to
 * call-manager (which the gateway may not change): if any destination is refused, the whole request is answered
 * with that destination's typed error (402 INSUFFICIENT_BALANCE, 403 DESTINATION_NOT_ALLOWED), its field named in
 * {@code details}, and nothing is dialed. route-manager publishes call_outbound_rejected for each refusal.
 */
@Singleton
public class Preflight {

    private final Backend backend;

    public Preflight(Backend backend) {
        this.backend = backend;
    }

    /** {@code destinations} as the client sent them; a malformed list is left for call-manager's validation. */
    public void require(UUID customerId, JsonNode destinations, String origin) {
        if (destinations == null || !destinations.isArray() || destinations.isEmpty()) {
            return;
        }
        JsonNode verdict = backend.call(Backend.ROUTE_MANAGER, "POST", "/v1/billing/preflight",
                Map.of("customer_id", customerId.toString(), "destinations", destinations, "origin", origin));
        for (JsonNode outcome : verdict.path("outcomes")) {
            if (outcome.hasNonNull("error")) {
                ApiError error = Json.convert(outcome.get("error"), ApiError.class);
                String field = "destinations[" + outcome.path("index").asInt() + "]";
                throw new ServiceException(new ApiError(error.status() == null ? ErrorStatus.PERMISSION_DENIED
                        : error.status(), error.reason(), field + ": " + error.message(), null,
                        List.of(new FieldViolation(field, error.reason()))));
            }
        }
    }
}

package io.provtest.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.FieldViolation;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.gateway.http.Backend;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pre-flight of a customer's call request, asked of route-manager before the request goes to call-manager
 * (which the gateway may not change): if any destination is refused, the whole request is answered with that
 * destination's typed error (403 ACCOUNT_FROZEN, 402 INSUFFICIENT_BALANCE, 403 DESTINATION_NOT_ALLOWED, 400
 * NO_VALID_SOURCE), its field named in {@code details}, and nothing is dialed. route-manager publishes
 * call_outbound_rejected for each refusal. Otherwise it answers the source the calls go out with: the given one when
 * the customer owns it, else the customer's default outgoing source number.
 */
@Singleton
public class Preflight {

    private final Backend backend;

    public Preflight(Backend backend) {
        this.backend = backend;
    }

    /**
     * {@code destinations} and {@code source} as the client sent them (a malformed list is left for call-manager's
     * validation); {@code customerStatus} as stored. Answers the source to dial with (null: keep the request's).
     */
    public JsonNode require(UUID customerId, String customerStatus, JsonNode source, JsonNode destinations,
                            String origin) {
        if (destinations == null || !destinations.isArray() || destinations.isEmpty()) {
            return null;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("customer_id", customerId.toString());
        request.put("customer_status", customerStatus);
        request.put("source", source != null && source.isObject() ? source : null);
        request.put("destinations", destinations);
        request.put("origin", origin);
        JsonNode verdict = backend.call(Backend.ROUTE_MANAGER, "POST", "/v1/billing/preflight", request);
        for (JsonNode outcome : verdict.path("outcomes")) {
            if (outcome.hasNonNull("error")) {
                ApiError error = Json.convert(outcome.get("error"), ApiError.class);
                String field = "NO_VALID_SOURCE".equals(error.reason()) ? "source"
                        : "destinations[" + outcome.path("index").asInt() + "]";
                throw new ServiceException(new ApiError(error.status() == null ? ErrorStatus.PERMISSION_DENIED
                        : error.status(), error.reason(), field + ": " + error.message(), null,
                        List.of(new FieldViolation(field, error.reason()))));
            }
        }
        JsonNode chosen = verdict.path("source");
        return chosen.isObject() ? chosen : null;
    }
}

package io.provtest.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.route.PreflightRequest;
import io.provtest.common.api.route.PreflightVerdict;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.FieldViolation;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.DestinationOutcome;
import jakarta.inject.Singleton;
import java.util.List;
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

    private final RouteManagerApi routeManager;

    public Preflight(RouteManagerApi routeManager) {
        this.routeManager = routeManager;
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
        PreflightVerdict verdict = routeManager.preflight(new PreflightRequest(customerId, customerStatus,
                source != null && source.isObject() ? source : null, destinations, origin));
        for (DestinationOutcome outcome : verdict.outcomes()) {
            if (outcome.error() != null) {
                ApiError error = outcome.error();
                String field = "NO_VALID_SOURCE".equals(error.reason()) ? "source"
                        : "destinations[" + outcome.index() + "]";
                throw new ServiceException(new ApiError(error.status() == null ? ErrorStatus.PERMISSION_DENIED
                        : error.status(), error.reason(), field + ": " + error.message(), null,
                        List.of(new FieldViolation(field, error.reason()))));
            }
        }
        return verdict.source() == null ? null : Json.tree(verdict.source());
    }
}

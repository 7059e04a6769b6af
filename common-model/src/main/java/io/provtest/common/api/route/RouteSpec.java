package io.provtest.common.api.route;

import java.util.UUID;

/**
 * {@code POST /v1/routes} and {@code PUT /v1/routes/{id}}: a whole route. route-manager's RouteValidator decides
 * (both ids required, priority 0 to its maximum, target "all" or a country code such as "+82", name and detail
 * sizes).
 */
public record RouteSpec(UUID customerId, UUID providerId, Integer priority, String target, String name,
                        String detail) {
}

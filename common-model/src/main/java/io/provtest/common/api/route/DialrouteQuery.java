package io.provtest.common.api.route;

import java.util.List;
import java.util.UUID;

/** {@code GET /v1/dialroutes}: the routes of {@code target}, or exactly {@code targetProviderIds} when forced. */
public record DialrouteQuery(UUID customerId, String target, List<UUID> targetProviderIds) {
}

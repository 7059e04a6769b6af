package io.provtest.route.routing;

import java.util.UUID;

/** A validated route body. */
public record RouteSpec(UUID customerId, UUID providerId, int priority, String target, String name, String detail) {
}

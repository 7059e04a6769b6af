package io.provtest.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer's rule "send calls for this target through this provider, at this priority (lower first)". Dialroutes
 * are routes too; a synthetic one (forced provider) has no times because it is never stored.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Route(UUID id, UUID customerId, UUID providerId, int priority, String target, String name,
                    String detail, Instant tmCreate, Instant tmUpdate, Instant tmDelete) {

    /** Customer id holding the platform's default routes, tried after a customer's own. */
    public static final UUID DEFAULT_CUSTOMER = UUID.fromString("00000000-0000-0000-0000-000000000001");
    public static final String TARGET_ALL = "all";

    public static Route synthetic(UUID providerId, UUID customerId, int index, String target) {
        return new Route(providerId, customerId, providerId, index, target, "synthetic-test-route",
                "Synthetic route generated for route_provider_ids override. Not persisted.", null, null, null);
    }
}

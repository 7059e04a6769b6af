package io.provtest.gateway.routing;

import io.provtest.common.api.route.RouteSpec;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A route as a client sends it (create and full replace); route-manager validates target and priority. The sizes are
 * the public API's checks, so this record stays here and {@link #spec} turns it into the contract's {@link RouteSpec}.
 */
public record RouteInput(UUID customerId, UUID providerId, Integer priority, String target,
                         @Size(max = 255) String name, @Size(max = 2048) String detail) {

    /** What route-manager is sent: the same fields; no body stays none (route-manager answers INVALID_JSON_BODY). */
    public static RouteSpec spec(RouteInput in) {
        return in == null ? null : new RouteSpec(in.customerId, in.providerId, in.priority, in.target, in.name,
                in.detail);
    }
}

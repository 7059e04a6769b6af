package io.provtest.gateway.routing;

import jakarta.validation.constraints.Size;
import java.util.UUID;

/** A route as a client sends it (create and full replace); route-manager validates target and priority. */
public record RouteInput(UUID customerId, UUID providerId, Integer priority, String target,
                         @Size(max = 255) String name, @Size(max = 2048) String detail) {
}

package io.provtest.common.api.flow;

import java.util.UUID;

/** {@code POST /v1/activeflows/{id}/next}: the action just done, null before the first one (sent as null). */
public record NextActionRequest(UUID currentActionId) {
}

package io.provtest.common.api.flow;

import io.provtest.common.model.Action;

/**
 * The reply of {@code next}: {@code {"action":{…}}}, or {@code {"finished":true}} when the flow has run out.
 * {@code ended}: the activeflow is over with this answer (the flow ran out, or the action is one nothing runs after,
 * a hangup), so its caller need not stop it.
 */
public record NextAction(Action action, boolean finished, boolean ended) {
}

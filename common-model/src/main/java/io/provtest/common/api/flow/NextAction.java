package io.provtest.common.api.flow;

import io.provtest.common.model.Action;

/** The reply of {@code next}: {@code {"action":{…}}}, or {@code {"finished":true}} when the flow has run out. */
public record NextAction(Action action, boolean finished) {
}

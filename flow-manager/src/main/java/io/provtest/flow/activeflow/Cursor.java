package io.provtest.flow.activeflow;

import io.provtest.common.model.Action;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Which action comes after the current one: its {@code next_id} when set, otherwise the one below it. */
public final class Cursor {

    private Cursor() {
    }

    /** {@code current} null: the first action. Empty when the flow has run out. */
    public static Optional<Action> next(List<Action> actions, UUID current) {
        if (current == null) {
            return Optional.ofNullable(Action.first(actions));
        }
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            if (action.id().equals(current)) {
                if (action.nextId() != null) {
                    return actions.stream().filter(a -> a.id().equals(action.nextId())).findFirst();
                }
                return i + 1 < actions.size() ? Optional.of(actions.get(i + 1)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the activeflow is over once this action is handed out: after a hangup nothing of the flow runs (the
     * call ends), so the step that hands it out ends the activeflow, and the call's end need not stop it.
     */
    public static boolean endsTheFlow(Action action) {
        return "hangup".equals(action.type());
    }
}

package io.provtest.flow.activeflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.model.Action;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorTest {

    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();

    @Test
    void nextIdIsHonouredOtherwiseTheNextInOrder() {
        List<Action> actions = List.of(new Action(a, c, "answer", null), new Action(b, null, "talk", null),
                new Action(c, null, "hangup", null));
        assertEquals(a, Cursor.next(actions, null).orElseThrow().id());
        assertEquals(c, Cursor.next(actions, a).orElseThrow().id(), "next_id jumps over talk");
        assertEquals(c, Cursor.next(actions, b).orElseThrow().id());
        assertTrue(Cursor.next(actions, c).isEmpty(), "the flow runs out after its last action");
        assertTrue(Cursor.next(List.of(), null).isEmpty());
    }

    @Test
    void onlyAHangupEndsTheFlowWhenHandedOut() {
        assertTrue(Cursor.endsTheFlow(new Action(a, null, "hangup", null)));
        for (String type : List.of("answer", "talk", "play", "sleep")) {
            assertFalse(Cursor.endsTheFlow(new Action(a, null, type, null)), type);
        }
    }
}

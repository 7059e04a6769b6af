package io.provtest.call.groupcall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GroupcallRulesTest {

    private static final Address A = new Address("tel", "+821011110001", null, null, null);
    private static final Address B = new Address("tel", "+821011110002", null, null, null);

    private static Groupcall groupcall(String status, String ringMethod, UUID answer, int dialIndex, int liveCalls,
                                       int liveGroupcalls) {
        return new Groupcall(UUID.randomUUID(), UUID.randomUUID(), Ids.NIL, status, A, List.of(A, B), ringMethod,
                Groupcall.HANGUP_OTHERS, "auto", Map.of(), Ids.NIL, Ids.NIL, answer, Ids.NIL,
                List.of(UUID.randomUUID()), List.of(), List.of(), dialIndex, liveCalls, liveGroupcalls, "", null, null,
                null, "cm");
    }

    @Test
    void nothingHappensWhileAnyLegIsAliveCallOrChildGroupcall() {
        assertEquals(GroupcallRules.Next.WAIT,
                GroupcallRules.afterLegEnded(groupcall("progressing", "ring_all", Ids.NIL, 0, 1, 0)));
        assertEquals(GroupcallRules.Next.WAIT,
                GroupcallRules.afterLegEnded(groupcall("progressing", "linear", Ids.NIL, 0, 0, 1)));
    }

    @Test
    void anEndedGroupcallStaysEnded() {
        assertEquals(GroupcallRules.Next.WAIT,
                GroupcallRules.afterLegEnded(groupcall("hangup", "linear", Ids.NIL, 0, 0, 0)));
    }

    @Test
    void ringAllEndsWhenTheLastLegEnds() {
        assertEquals(GroupcallRules.Next.END,
                GroupcallRules.afterLegEnded(groupcall("progressing", "ring_all", Ids.NIL, 0, 0, 0)));
    }

    @Test
    void linearHuntsOnUntilTheLastDestination() {
        assertEquals(GroupcallRules.Next.DIAL_NEXT,
                GroupcallRules.afterLegEnded(groupcall("progressing", "linear", Ids.NIL, 0, 0, 0)));
        assertEquals(GroupcallRules.Next.END,
                GroupcallRules.afterLegEnded(groupcall("progressing", "linear", Ids.NIL, 1, 0, 0)));
    }

    @Test
    void linearStopsHuntingOnceAnsweredOrHungUp() {
        assertEquals(GroupcallRules.Next.END,
                GroupcallRules.afterLegEnded(groupcall("progressing", "linear", UUID.randomUUID(), 0, 0, 0)));
        assertEquals(GroupcallRules.Next.END,
                GroupcallRules.afterLegEnded(groupcall("hangingup", "linear", Ids.NIL, 0, 0, 0)));
    }

    @Test
    void theEndCauseSaysWhatHappened() {
        assertEquals("answered; the answering leg has ended",
                GroupcallRules.endCause(groupcall("progressing", "ring_all", UUID.randomUUID(), 0, 0, 0)));
        assertEquals("hung up on request",
                GroupcallRules.endCause(groupcall("hangingup", "ring_all", Ids.NIL, 0, 0, 0)));
        assertEquals("every destination ended unanswered",
                GroupcallRules.endCause(groupcall("progressing", "ring_all", Ids.NIL, 0, 0, 0)));
    }

    @Test
    void emptyMethodsMeanTheReferenceDefaults() {
        assertEquals("ring_all", GroupcallRules.ringMethod(""));
        assertEquals("ring_all", GroupcallRules.ringMethod(null));
        assertEquals("linear", GroupcallRules.ringMethod("linear"));
        assertEquals("hangup_others", GroupcallRules.answerMethod(""));
    }
}

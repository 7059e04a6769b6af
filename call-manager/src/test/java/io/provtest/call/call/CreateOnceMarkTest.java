package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.call.placement.OutgoingCalls;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.model.DestinationOutcome;
import io.provtest.common.request.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The mark a keyed create writes with each placed row ({@link CreateOnce#marked}): what was placed so far as the
 * answer would give it, plus {@code placing: true}, which is what a reader checks to tell a mark from an answer.
 */
class CreateOnceMarkTest {

    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");

    private static Call placed() {
        return new Call(UUID.randomUUID(), UUID.randomUUID(), Ids.NIL, Ids.NIL, Call.TYPE_FLOW, Ids.NIL, Ids.NIL,
                new Address("tel", "+15550001", "", "", ""), new Address("tel", "+821012345678", "", "", ""),
                CallStatus.DIALING, Map.of("route_provider_ids", List.of(UUID.randomUUID().toString())),
                Json.parse("{\"type\":\"answer\",\"option\":{\"ratio\":1.50}}"), Call.OUTGOING, "", "", "",
                Ids.NIL, Ids.NIL, "", null, "", null, null, null, null, null, T0, T0, null, "auto", List.of(), "cm-1");
    }

    @Test
    void aMarkIsThePlacedSoFarAsTheAnswerGivesItWithPlacingSet() throws Exception {
        Call call = placed();
        OutgoingCalls.Result soFar = new OutgoingCalls.Result(List.of(call), List.of(),
                List.of(new DestinationOutcome(0, call.destination(), call.id(), null, null)));

        ObjectNode expected = (ObjectNode) Json.tree(soFar);
        expected.put(CreateOnce.PLACING, true);

        assertEquals(expected, Json.parse(CreateOnce.marked(soFar)));
    }

    @Test
    void anEmptyObjectIsMarkedToo() throws Exception {
        assertEquals(Json.parse("{\"placing\":true}"), Json.parse(CreateOnce.marked(Map.of())));
    }

    @Test
    void onlyAnObjectCanBeMarked() {
        assertThrows(IllegalArgumentException.class, () -> CreateOnce.marked(List.of(1, 2)));
    }
}

package io.provtest.call.groupcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.FieldViolation;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GroupcallRequestTest {

    private static Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", UUID.randomUUID().toString());
        body.put("source", Map.of("type", "tel", "target", "+14155551234"));
        body.put("destinations", List.of(Map.of("type", "tel", "target", "+82 10-1234-5678"),
                Map.of("type", "sip", "target", "desk@pbx.example"),
                Map.of("type", "agent", "target", UUID.randomUUID().toString())));
        return body;
    }

    private static JsonNode json(Map<String, Object> body) {
        return Json.tree(body);
    }

    private static List<String> rejectedFields(Map<String, Object> body) {
        ServiceException e = assertThrows(ServiceException.class, () -> GroupcallRequest.parse(json(body)));
        assertEquals(400, e.error().httpStatus());
        return e.error().details().stream().map(FieldViolation::field).toList();
    }

    @Test
    void aValidRequestGetsTheDefaultsAndNormalisedNumbers() {
        GroupcallRequest request = GroupcallRequest.parse(json(body()));
        assertEquals("ring_all", request.ringMethod());
        assertEquals("hangup_others", request.answerMethod());
        assertEquals("auto", request.anonymous());
        assertEquals("+821012345678", request.destinations().get(0).target());
        assertEquals(3, request.destinations().size());
        assertNull(request.actions());
    }

    @Test
    void unknownMethodsAreRefusedByName() {
        Map<String, Object> body = body();
        body.put("ring_method", "round_robin");
        body.put("answer_method", "first_wins");
        assertEquals(List.of("ring_method", "answer_method"), rejectedFields(body));
    }

    @Test
    void aFlowAndInlineActionsTogetherAreRefused() {
        Map<String, Object> body = body();
        body.put("flow_id", UUID.randomUUID().toString());
        body.put("actions", List.of(Map.of("type", "answer")));
        assertEquals(List.of("actions"), rejectedFields(body));
    }

    @Test
    void destinationsThatCannotBeRungAreNamedByIndex() {
        Map<String, Object> body = body();
        body.put("destinations", List.of(Map.of("type", "tel", "target", "12"),
                Map.of("type", "extension", "target", "2001"), Map.of("type", "agent", "target", "bob"),
                Map.of("type", "conference", "target", "x")));
        assertEquals(List.of("destinations[0].target", "destinations[1].type", "destinations[2].target",
                "destinations[3].type"),
                rejectedFields(body));
    }

    @Test
    void aMissingSourceOrNoDestinationIsRefused() {
        Map<String, Object> body = body();
        body.remove("source");
        body.put("destinations", List.of());
        assertEquals(List.of("source", "destinations"), rejectedFields(body));
    }

    @Test
    void anonymousYesNeedsAnE164Source() {
        Map<String, Object> body = body();
        body.put("anonymous", "yes");
        body.put("source", Map.of("type", "sip", "target", "me@pbx.example"));
        ServiceException e = assertThrows(ServiceException.class, () -> GroupcallRequest.parse(json(body)));
        assertEquals("INVALID_SOURCE", e.error().reason());
    }

    @Test
    void aChildKeepsTheParentsForcingAndFlowAndTakesTheAgentsRingMethod() {
        GroupcallRequest parent = GroupcallRequest.parse(json(body()));
        UUID parentId = UUID.randomUUID();
        List<Address> addresses = List.of(new Address("tel", "+821011110001", null, null, null));
        GroupcallRequest child = parent.child(parentId, addresses, "linear");
        assertEquals(parentId, child.masterGroupcallId());
        assertEquals("linear", child.ringMethod());
        assertEquals(parent.metadata(), child.metadata());
        assertEquals(parent.flowId(), child.flowId());
        assertEquals(addresses, child.destinations());
    }

    /** A lone agent destination: the same groupcall rings the agent's addresses, with the agent's ring method. */
    @Test
    void aLoneAgentIsRungAsTheGroupcallItselfWithTheAgentsRingMethod() {
        GroupcallRequest request = GroupcallRequest.parse(json(body()));
        List<Address> addresses = List.of(new Address("tel", "+821011110001", null, null, null),
                new Address("tel", "+821011110002", null, null, null));
        assertEquals("ring_all", request.ringMethod(), "the request's own ring method, which the agent's replaces");
        GroupcallRequest ringing = request.ringingAgent(addresses, "linear");
        assertEquals(addresses, ringing.destinations());
        assertEquals("linear", ringing.ringMethod());
        assertEquals(request.masterGroupcallId(), ringing.masterGroupcallId(), "no parent: it is not a child");
        assertEquals(request.answerMethod(), ringing.answerMethod());
        assertEquals(request.metadata(), ringing.metadata());
    }
}

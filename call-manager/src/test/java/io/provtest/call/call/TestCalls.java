package io.provtest.call.call;

import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.provtest.testing.EventTap;
import io.provtest.testing.Sipp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Calls the component tests place straight to a SIPp carrier, and what the relayed events say of them. */
public final class TestCalls {

    private TestCalls() {
    }

    /** A call straight to the carrier's SIP address (no provider, no customer), as a flow's connect would place it. */
    public static UUID placeTo(CallService calls, Sipp carrier) {
        Address destination = new Address("sip", "+821012345678@" + carrier.hostPort(), "", "", "");
        CallService.CreateCallsRequest request = new CallService.CreateCallsRequest(UUID.randomUUID(), Ids.NIL,
                null, List.of(destination), "no", new CallMetadata(List.of(), null, false, null, null), Ids.NIL);
        return calls.createCall(request, destination, Ids.NIL).id();
    }

    /** The types of the events about {@code call} the tap received, in the order they came. */
    public static List<String> eventTypes(EventTap tap, UUID call) throws Exception {
        List<String> types = new ArrayList<>();
        for (String event : tap.received()) {
            if (event.contains(call.toString())) {
                types.add(Json.MAPPER.readTree(event).path("type").asText());
            }
        }
        return types;
    }
}

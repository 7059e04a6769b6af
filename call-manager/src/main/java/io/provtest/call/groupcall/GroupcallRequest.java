package io.provtest.call.groupcall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.call.CallMetadata;
import io.provtest.call.call.CallService;
import io.provtest.common.error.JsonFields;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.model.Address;
import io.provtest.common.model.Destinations;
import io.provtest.common.model.E164;
import io.provtest.common.request.Ids;
import io.provtest.common.sip.InvitePlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A request to ring several destinations as one, validated whole before anything is created: destination types
 * (tel, sip, agent), E.164 numbers, ring and answer methods, {@code flow_id} or {@code actions} but not both.
 */
public record GroupcallRequest(UUID customerId, UUID flowId, JsonNode actions, Address source,
                               List<Address> destinations, String ringMethod, String answerMethod, String anonymous,
                               CallMetadata metadata, UUID masterCallId, UUID masterGroupcallId) {

    static final int MAX_DESTINATIONS = 100;

    public static GroupcallRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body must be a JSON object.");
        }
        Validation v = new Validation();
        UUID customerId = JsonFields.uuid(v, body, "customer_id", true);
        UUID flowId = JsonFields.uuid(v, body, "flow_id", false);
        JsonNode actions = body.get("actions");
        if (actions != null && !actions.isNull()) {
            if (!actions.isArray() || actions.isEmpty()) {
                v.reject("actions", "must be a non-empty list of actions");
            } else if (flowId != null && !Ids.NIL.equals(flowId)) {
                v.reject("actions", "give flow_id or actions, not both");
            }
        } else {
            actions = null;
        }
        Address source = CallService.address(v, body.get("source"), "source");
        if (source == null && v.ok()) {
            v.reject("source", "required: the caller id the destinations see");
        }
        List<Address> destinations = destinations(v, body.get("destinations"));
        String ringMethod = GroupcallRules.ringMethod(JsonFields.text(v, body, "ring_method"));
        if (!Groupcall.RING_ALL.equals(ringMethod) && !Groupcall.LINEAR.equals(ringMethod)) {
            v.reject("ring_method", "must be ring_all or linear");
        }
        String answerMethod = GroupcallRules.answerMethod(JsonFields.text(v, body, "answer_method"));
        if (!Groupcall.HANGUP_OTHERS.equals(answerMethod)) {
            v.reject("answer_method", "must be hangup_others");
        }
        String anonymous = JsonFields.text(v, body, "anonymous");
        if (anonymous != null && !anonymous.isEmpty() && !List.of("yes", "no", "auto").contains(anonymous)) {
            v.reject("anonymous", "must be yes, no or auto");
        }
        CallMetadata metadata = CallMetadata.parse(body.get("metadata"), v);
        v.throwIfInvalid("INVALID_ARGUMENT");
        String mode = InvitePlanner.anonymousMode(anonymous == null ? "" : anonymous);
        if ("yes".equals(mode) && (!"tel".equals(source.type()) || !E164.isValid(E164.normalise(source.target())))) {
            throw ServiceException.invalid("INVALID_SOURCE",
                    "anonymous=yes needs a tel source in E.164 form (it is sent in P-Asserted-Identity).");
        }
        return new GroupcallRequest(customerId, flowId == null ? Ids.NIL : flowId, actions, source, destinations,
                ringMethod, answerMethod, mode, metadata, Ids.NIL, Ids.NIL);
    }

    private static List<Address> destinations(Validation v, JsonNode list) {
        List<Address> destinations = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_DESTINATIONS) {
            v.reject("destinations", "required: 1 to " + MAX_DESTINATIONS + " addresses");
            return destinations;
        }
        for (int i = 0; i < list.size(); i++) {
            String field = "destinations[" + i + "]";
            Address address = CallService.address(v, list.get(i), field);
            if (address == null) {
                v.reject(field, "must be an address {type, target}");
                continue;
            }
            Destinations.Problem problem = Destinations.problem(address);
            if (problem != null) {
                v.reject(field + "." + problem.part(), problem.reason());
                continue;
            }
            destinations.add(Destinations.normalised(address));
        }
        return destinations;
    }

    /** This groupcall ringing one agent's addresses itself, with the agent's ring method. */
    GroupcallRequest ringingAgent(List<Address> addresses, String agentRingMethod) {
        return new GroupcallRequest(customerId, flowId, actions, source, addresses,
                GroupcallRules.ringMethod(agentRingMethod), answerMethod, anonymous, metadata, masterCallId,
                masterGroupcallId);
    }

    /** A child groupcall ringing an agent's addresses, under its parent and with the parent's forcing. */
    GroupcallRequest child(UUID parentId, List<Address> addresses, String agentRingMethod) {
        return new GroupcallRequest(customerId, flowId, null, source, addresses,
                GroupcallRules.ringMethod(agentRingMethod), Groupcall.HANGUP_OTHERS, anonymous, metadata,
                masterCallId, parentId);
    }
}

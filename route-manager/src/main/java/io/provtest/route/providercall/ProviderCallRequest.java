package io.provtest.route.providercall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.model.Destinations;
import io.provtest.common.model.E164;
import io.provtest.common.request.Ids;
import io.provtest.common.sip.InvitePlanner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A validated {@code POST /providercalls} body. The admin's source is kept verbatim (carriers allowlist caller ids);
 * tel destinations must be E.164.
 */
public record ProviderCallRequest(UUID providerId, UUID flowId, JsonNode actions, Address source,
                                  List<Address> destinations, String anonymous) {

    static final int MAX_DESTINATIONS = 100;

    public static ProviderCallRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body must be a JSON object.");
        }
        Validation v = new Validation();
        UUID providerId = uuid(v, body, "provider_id", "provider_id is required.");
        UUID flowId = body.hasNonNull("flow_id") ? uuid(v, body, "flow_id", null) : null;
        JsonNode actions = body.get("actions");
        boolean hasActions = actions != null && !actions.isNull() && !(actions.isArray() && actions.isEmpty());
        if (flowId != null && !Ids.NIL.equals(flowId) && hasActions) {
            v.reject("actions", "give either flow_id or actions, not both");
        }
        Address source = address(v, body.get("source"), "source");
        if (source == null && !v.violations().stream().anyMatch(f -> f.field().equals("source"))) {
            v.reject("source", "source is required: the caller id the carrier will see");
        }
        if (source != null && !Set.of("tel", "sip").contains(source.type())) {
            v.reject("source.type", "must be tel or sip");
        }
        List<Address> destinations = new ArrayList<>();
        JsonNode list = body.get("destinations");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_DESTINATIONS) {
            v.reject("destinations", "destinations is required: 1 to " + MAX_DESTINATIONS + " addresses");
        } else {
            for (int i = 0; i < list.size(); i++) {
                destinations.add(destination(v, list.get(i), i));
            }
        }
        JsonNode anonymousNode = body.get("anonymous");
        String anonymous = anonymousNode == null || anonymousNode.isNull() ? "" : anonymousNode.asText(null);
        if (anonymousNode != null && !anonymousNode.isNull() && !anonymousNode.isTextual()) {
            anonymous = "invalid";
        }
        v.throwIfInvalid("INVALID_ARGUMENT");
        String mode = InvitePlanner.anonymousMode(anonymous);
        if ("yes".equals(mode) && !("tel".equals(source.type()) && E164.isValid(E164.normalise(source.target())))) {
            throw ServiceException.invalid("INVALID_SOURCE",
                    "anonymous=yes needs a tel source in E.164 form (it is sent in P-Asserted-Identity).");
        }
        return new ProviderCallRequest(providerId, flowId == null ? Ids.NIL : flowId, hasActions ? actions : null,
                source, List.copyOf(destinations), mode);
    }

    public boolean inlineActions() {
        return actions != null;
    }

    /** Same request, same hash: what an Idempotency-Key replay is compared on. */
    public String hash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Json.bytes(this)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Address destination(Validation v, JsonNode node, int index) {
        String field = "destinations[" + index + "]";
        Address address = address(v, node, field);
        if (address == null) {
            return null;
        }
        Destinations.Problem problem = Destinations.problem(address);
        if (problem != null) {
            v.reject(field + "." + problem.part(), problem.reason());
            return address;
        }
        // an agent is rung as a groupcall of its addresses, every tel leg through the same forced provider
        return Destinations.normalised(address);
    }

    private static UUID uuid(Validation v, JsonNode body, String field, String missing) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            v.reject(field, missing == null ? "must be a UUID" : missing);
            return null;
        }
        if (!node.isTextual() || !Ids.isUuid(node.asText())) {
            v.reject(field, "must be a UUID");
            return null;
        }
        UUID id = UUID.fromString(node.asText());
        if (missing != null && Ids.NIL.equals(id)) {
            v.reject(field, missing);
        }
        return id;
    }

    private static Address address(Validation v, JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || !node.path("type").isTextual() || !node.path("target").isTextual()
                || node.path("target").asText().isEmpty()) {
            v.reject(field, "must be an address {\"type\", \"target\"}");
            return null;
        }
        String targetName = node.path("target_name").isTextual() ? node.get("target_name").asText() : "";
        return new Address(node.get("type").asText(), node.get("target").asText(), targetName, null, null);
    }
}

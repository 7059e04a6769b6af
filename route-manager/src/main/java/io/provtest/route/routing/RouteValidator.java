package io.provtest.route.routing;

import io.provtest.common.model.Route;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.request.Ids;
import java.util.UUID;
import java.util.regex.Pattern;

/** Route bodies: ids that are UUIDs, an integer priority, a target that is "all" or "+<country code>". */
public final class RouteValidator {

    static final int MAX_PRIORITY = 1_000_000;
    private static final Pattern COUNTRY_CODE = Pattern.compile("\\+[1-9][0-9]{0,2}");

    private RouteValidator() {
    }

    public static RouteSpec validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body must be a JSON object.");
        }
        Validation v = new Validation();
        UUID customerId = uuid(v, body, "customer_id");
        UUID providerId = uuid(v, body, "provider_id");
        JsonNode priorityNode = body.get("priority");
        int priority = 0;
        if (priorityNode == null || !priorityNode.isIntegralNumber()) {
            v.reject("priority", "required: an integer (lower is tried first)");
        } else if (priorityNode.asLong() < 0 || priorityNode.asLong() > MAX_PRIORITY) {
            v.reject("priority", "must be 0 to " + MAX_PRIORITY);
        } else {
            priority = priorityNode.asInt();
        }
        String target = text(v, body, "target", 8);
        if (target != null && !isTarget(target)) {
            v.reject("target", "must be \"all\" or a country code such as \"+82\"");
        }
        String name = text(v, body, "name", 255);
        String detail = text(v, body, "detail", 2048);
        v.throwIfInvalid("INVALID_ROUTE");
        return new RouteSpec(customerId, providerId, priority, target, name == null ? "" : name,
                detail == null ? "" : detail);
    }

    public static boolean isTarget(String target) {
        return Route.TARGET_ALL.equals(target) || COUNTRY_CODE.matcher(target).matches();
    }

    private static UUID uuid(Validation v, JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || !Ids.isUuid(node.asText())) {
            v.reject(field, "required: a UUID");
            return null;
        }
        return UUID.fromString(node.asText());
    }

    private static String text(Validation v, JsonNode body, String field, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if ("target".equals(field)) {
                v.reject(field, "required");
            }
            return null;
        }
        if (!node.isTextual()) {
            v.reject(field, "must be a string");
            return null;
        }
        String text = node.asText();
        if (text.length() > max) {
            v.reject(field, "must be at most " + max + " characters");
        } else if (text.chars().anyMatch(ch -> ch < 0x20)) {
            v.reject(field, "must not contain control characters");
        }
        return text;
    }
}

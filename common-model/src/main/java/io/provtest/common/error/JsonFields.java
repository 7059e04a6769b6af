package io.provtest.common.error;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.request.Ids;
import java.util.UUID;

/** Reading typed fields out of a JSON body while collecting field-level violations. */
public final class JsonFields {

    private JsonFields() {
    }

    /** A UUID field: null when absent (a violation if required) or malformed (always a violation). */
    public static UUID uuid(Validation v, JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                v.reject(field, "required: a UUID");
            }
            return null;
        }
        if (!node.isTextual() || !Ids.isUuid(node.asText())) {
            v.reject(field, "must be a UUID");
            return null;
        }
        return UUID.fromString(node.asText());
    }

    /** An optional string field: null when absent, a violation when it is not a string. */
    public static String text(Validation v, JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            v.reject(field, "must be a string");
            return null;
        }
        return node.asText();
    }
}

package io.provtest.common.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.request.Ids;
import java.util.Map;
import java.util.UUID;

/** One request as a handler sees it: method, path parameters, query parameters and body. */
public record RpcCall(String method, String path, Map<String, String> pathParams, Map<String, String> query,
                      JsonNode data, String requestId, String publisher) {

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** A path id; a malformed one is 400 INVALID_ID. */
    public UUID pathId(String name) {
        return Ids.parseId(pathParams.get(name));
    }

    public String query(String name) {
        return query.get(name);
    }

    /** The body mapped to a type; a body of the wrong shape is 400 INVALID_JSON_BODY, never a 500. */
    public <T> T body(Class<T> type) {
        JsonNode node = data == null ? NullNode.getInstance() : data;
        if (node.isNull() || node.isMissingNode()) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body is missing.");
        }
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body is not valid JSON for this request.");
        }
    }
}

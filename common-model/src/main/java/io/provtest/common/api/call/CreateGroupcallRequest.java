package io.provtest.common.api.call;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * {@code POST /v1/groupcalls} as the public API sends it: the customer from the credentials, the client's fields as it
 * sent them (call-manager validates addresses, actions and methods), the source possibly replaced by the pre-flight's.
 * Absent fields are left out (call-manager reads absent as "not given").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateGroupcallRequest(UUID customerId, JsonNode source, JsonNode destinations, UUID flowId,
                                     JsonNode actions, String ringMethod, String answerMethod, String anonymous) {
}

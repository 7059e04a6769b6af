package io.provtest.gateway.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.page.PageToken;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CustomerScope;
import java.util.UUID;

/**
 * A collection call-manager keeps per customer (calls, groupcalls), as the public API shows it: listed for the
 * caller's own customer, each item checked against the caller (403 another customer's, 409 deleted) before it is
 * read or acted on, and internal metadata hidden from all but super-admins.
 */
public final class CallManagerCollection {

    /** The collection's operations on call-manager's client. */
    private interface Operations {
        JsonNode list(UUID customerId, Integer pageSize, String pageToken);

        JsonNode get(UUID id);

        JsonNode hangup(UUID id);

        JsonNode delete(UUID id);
    }

    private final Operations operations;
    private final String noun;

    private CallManagerCollection(Operations operations, String noun) {
        this.operations = operations;
        this.noun = noun;
    }

    public static CallManagerCollection calls(CallManagerApi callManager) {
        return new CallManagerCollection(new Operations() {
            public JsonNode list(UUID customerId, Integer pageSize, String pageToken) {
                return callManager.calls(customerId, pageSize, pageToken);
            }

            public JsonNode get(UUID id) {
                return callManager.call(id);
            }

            public JsonNode hangup(UUID id) {
                return callManager.hangupCall(id);
            }

            public JsonNode delete(UUID id) {
                return callManager.deleteCall(id);
            }
        }, "call");
    }

    public static CallManagerCollection groupcalls(CallManagerApi callManager) {
        return new CallManagerCollection(new Operations() {
            public JsonNode list(UUID customerId, Integer pageSize, String pageToken) {
                return callManager.groupcalls(customerId, pageSize, pageToken);
            }

            public JsonNode get(UUID id) {
                return callManager.groupcall(id);
            }

            public JsonNode hangup(UUID id) {
                return callManager.hangupGroupcall(id);
            }

            public JsonNode delete(UUID id) {
                return callManager.deleteGroupcall(id);
            }
        }, "groupcall");
    }

    public JsonNode listOwn(Caller caller, String pageToken, String pageSize) {
        JsonNode page = operations.list(caller.customerId(), PageToken.clampPageSize(pageSize), pageToken);
        page.get("result").forEach(item -> CustomerScope.hideInternalMetadata(caller, item));
        return page;
    }

    /** The item, if the caller may see it and it is not deleted. */
    public JsonNode visible(Caller caller, UUID id) {
        return CustomerScope.checkLive(caller, operations.get(id), noun);
    }

    public JsonNode get(Caller caller, UUID id) {
        return CustomerScope.hideInternalMetadata(caller, visible(caller, id));
    }

    /** {@code POST …/{id}/hangup} after the visibility check; the item as it is after. */
    public JsonNode hangup(Caller caller, UUID id) {
        visible(caller, id);
        return CustomerScope.hideInternalMetadata(caller, operations.hangup(id));
    }

    /** {@code DELETE …/{id}} after the visibility check; the item as it is after. */
    public JsonNode delete(Caller caller, UUID id) {
        visible(caller, id);
        return CustomerScope.hideInternalMetadata(caller, operations.delete(id));
    }
}

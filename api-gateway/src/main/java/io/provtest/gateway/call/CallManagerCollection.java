package io.provtest.gateway.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.page.PageToken;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CustomerScope;
import java.util.UUID;
import java.util.function.Function;

/**
 * A collection call-manager keeps per customer (calls, groupcalls), as the public API shows it: listed for the
 * caller's own customer, each item checked against the caller (403 another customer's, 409 deleted) before it is
 * read or acted on, and internal metadata hidden from all but super-admins.
 */
public final class CallManagerCollection {

    /** A page of the collection on call-manager's client. */
    private interface Lister {
        JsonNode list(UUID customerId, Integer pageSize, String pageToken);
    }

    private final Lister list;
    private final Function<UUID, JsonNode> read;
    private final Function<UUID, JsonNode> hangUp;
    private final Function<UUID, JsonNode> remove;
    private final String noun;

    private CallManagerCollection(Lister list, Function<UUID, JsonNode> read, Function<UUID, JsonNode> hangUp,
                                  Function<UUID, JsonNode> remove, String noun) {
        this.list = list;
        this.read = read;
        this.hangUp = hangUp;
        this.remove = remove;
        this.noun = noun;
    }

    public static CallManagerCollection calls(CallManagerApi callManager) {
        return new CallManagerCollection(callManager::calls, callManager::call, callManager::hangupCall,
                callManager::deleteCall, "call");
    }

    public static CallManagerCollection groupcalls(CallManagerApi callManager) {
        return new CallManagerCollection(callManager::groupcalls, callManager::groupcall,
                callManager::hangupGroupcall, callManager::deleteGroupcall, "groupcall");
    }

    public JsonNode listOwn(Caller caller, String pageToken, String pageSize) {
        JsonNode page = list.list(caller.customerId(), PageToken.clampPageSize(pageSize), pageToken);
        page.get("result").forEach(item -> CustomerScope.hideInternalMetadata(caller, item));
        return page;
    }

    /** The item, if the caller may see it and it is not deleted. */
    public JsonNode visible(Caller caller, UUID id) {
        return CustomerScope.checkLive(caller, read.apply(id), noun);
    }

    public JsonNode get(Caller caller, UUID id) {
        return CustomerScope.hideInternalMetadata(caller, visible(caller, id));
    }

    /** {@code POST …/{id}/hangup} after the visibility check; the item as it is after. */
    public JsonNode hangup(Caller caller, UUID id) {
        visible(caller, id);
        return CustomerScope.hideInternalMetadata(caller, hangUp.apply(id));
    }

    /** {@code DELETE …/{id}} after the visibility check; the item as it is after. */
    public JsonNode delete(Caller caller, UUID id) {
        visible(caller, id);
        return CustomerScope.hideInternalMetadata(caller, remove.apply(id));
    }
}

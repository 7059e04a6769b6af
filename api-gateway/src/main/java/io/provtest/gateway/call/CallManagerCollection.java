package io.provtest.gateway.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.page.PageToken;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CustomerScope;
import io.provtest.gateway.http.Backend;
import java.util.UUID;

/**
 * A collection call-manager keeps per customer (calls, groupcalls), as the public API shows it: listed for the
 * caller's own customer, each item checked against the caller (403 another customer's, 409 deleted) before it is
 * read or acted on, and internal metadata hidden from all but super-admins.
 */
public final class CallManagerCollection {

    private final Backend backend;
    private final String path;
    private final String noun;

    /** @param path {@code /v1/calls}; @param noun {@code call}, for the 409 message */
    public CallManagerCollection(Backend backend, String path, String noun) {
        this.backend = backend;
        this.path = path;
        this.noun = noun;
    }

    public JsonNode listOwn(Caller caller, String pageToken, String pageSize) {
        JsonNode page = backend.call(Backend.CALL_MANAGER, "GET", path + "?customer_id=" + caller.customerId()
                + "&page_size=" + PageToken.clampPageSize(pageSize) + "&page_token=" + Backend.encode(pageToken), null);
        page.get("result").forEach(item -> CustomerScope.hideInternalMetadata(caller, item));
        return page;
    }

    /** The item, if the caller may see it and it is not deleted. */
    public JsonNode visible(Caller caller, UUID id) {
        return CustomerScope.checkLive(caller, backend.call(Backend.CALL_MANAGER, "GET", path + "/" + id, null), noun);
    }

    public JsonNode get(Caller caller, UUID id) {
        return CustomerScope.hideInternalMetadata(caller, visible(caller, id));
    }

    /** {@code POST …/{id}/hangup} or {@code DELETE …/{id}} after the visibility check; the item as it is after. */
    public JsonNode act(Caller caller, UUID id, String method, String suffix) {
        visible(caller, id);
        return CustomerScope.hideInternalMetadata(caller,
                backend.call(Backend.CALL_MANAGER, method, path + "/" + id + suffix, null));
    }

    public JsonNode create(Caller caller, JsonNode request) {
        return CustomerScope.hideInternalMetadata(caller, backend.call(Backend.CALL_MANAGER, "POST", path, request));
    }
}

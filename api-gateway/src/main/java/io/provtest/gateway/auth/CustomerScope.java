package io.provtest.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ServiceException;
import java.util.UUID;

/**
 * Access to customer resources (calls, flows, groupcalls): a super-admin, or a CustomerAdmin/CustomerManager of
 * the resource's customer. The role is checked before anything is fetched; a resource of another customer is 403.
 */
public final class CustomerScope {

    public static final int ROLES = Permission.CUSTOMER_ADMIN | Permission.CUSTOMER_MANAGER;

    private CustomerScope() {
    }

    public static Caller requireRole(CurrentCaller current) {
        Caller caller = current.get();
        if (!caller.isSuperAdmin() && (caller.permission() & ROLES) == 0) {
            throw ServiceException.forbidden();
        }
        return caller;
    }

    /** The resource as fetched, if the caller may see it. */
    public static JsonNode check(Caller caller, JsonNode resource) {
        if (!caller.may(UUID.fromString(resource.get("customer_id").asText()), ROLES)) {
            throw ServiceException.forbidden();
        }
        return resource;
    }

    public static boolean deleted(JsonNode resource) {
        JsonNode tmDelete = resource.path("tm_delete");
        return !tmDelete.isNull() && !tmDelete.isMissingNode();
    }
}

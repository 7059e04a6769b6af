package io.provtest.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import java.util.List;
import java.util.UUID;

/**
 * Access to customer resources (calls, flows, groupcalls): a super-admin, or a CustomerAdmin/CustomerManager of
 * the resource's customer. The role is checked before anything is fetched; a resource of another customer is 403.
 */
public final class CustomerScope {

    public static final int ROLES = Permission.CUSTOMER_ADMIN | Permission.CUSTOMER_MANAGER;
    /**
     * The metadata keys only call-manager's server-side callers set (provider forcing, debug switches, the provider
     * call that placed the call): hidden from customers on the resources and in their webhooks.
     */
    public static final List<String> INTERNAL_METADATA = List.of("route_provider_ids", "skip_source_validation",
            "rtp_debug", "providercall_id");

    private CustomerScope() {
    }

    /**
     * Whose records a list shows: a super-admin's {@code customer_id} filter (empty: everyone's), anyone else's own
     * customer whatever it asked for. Null: everyone's.
     */
    public static UUID listedCustomer(Caller caller, String customerId) {
        if (!caller.isSuperAdmin()) {
            return caller.customerId();
        }
        return customerId == null || customerId.isEmpty() ? null : io.provtest.common.request.Ids.parseId(customerId);
    }

    /** The resources declare the same roles ({@code @RolesAllowed}); this stays as a second line. */
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

    /**
     * Provider forcing and debug switches are set server-side for provider calls; only super-admins see them on
     * the calls and groupcalls those create.
     */
    public static JsonNode hideInternalMetadata(Caller caller, JsonNode resource) {
        if (!caller.isSuperAdmin() && resource.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(INTERNAL_METADATA);
        }
        return resource;
    }

    /** The resource as fetched, if the caller may see it and it is not deleted (409 STATE_INVALID then). */
    public static JsonNode checkLive(Caller caller, JsonNode resource, String what) {
        check(caller, resource);
        if (deleted(resource)) {
            throw new ServiceException(ErrorStatus.FAILED_PRECONDITION, "STATE_INVALID", "The " + what + " was deleted.");
        }
        return resource;
    }

    private static boolean deleted(JsonNode resource) {
        JsonNode tmDelete = resource.path("tm_delete");
        return !tmDelete.isNull() && !tmDelete.isMissingNode();
    }
}

package io.provtest.gateway.number;

import io.provtest.common.api.route.OutboundConfigSpec;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ServiceException;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.Permission;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.http.Backend;
import io.provtest.gateway.identity.CustomerService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * A customer's outbound config (route-manager stores and validates it): a CustomerAdmin of that customer or a
 * super-admin; anyone else 403, decided before the body is read. A customer that never set one reads the defaults.
 */
@Path("/v1.0/customers/{id}/outbound_config")
@RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OutboundConfigResource {

    private final CurrentCaller current;
    private final RouteManagerApi routeManager;
    private final CustomerService customers;

    public OutboundConfigResource(CurrentCaller current, RouteManagerApi routeManager, CustomerService customers) {
        this.current = current;
        this.routeManager = routeManager;
        this.customers = customers;
    }

    @GET
    public Response get(@PathParam("id") String id) {
        UUID customerId = customer(id);
        return Backend.ok(routeManager.outboundConfigJson(customerId));
    }

    /**
     * A full replace, the contract's {@link OutboundConfigSpec}: {@code {default_outgoing_source_number_id,
     * allowed_countries: ["+82", …] (empty = all), denied_prefixes: […], max_concurrent_calls, calls_per_second,
     * codecs: ["PCMA", …]}} (0 = no per-customer limit; no codecs = the default offer). Another customer's admin is
     * 403 whatever it sends: the administration is judged before the body is read
     * ({@link AuthorisedBeforeBody.CustomerAdmin}).
     */
    @PUT
    @AuthorisedBeforeBody.CustomerAdmin
    public Response replace(@PathParam("id") String id, OutboundConfigSpec body) {
        UUID customerId = customer(id);
        OutboundConfigSpec input = body == null ? new OutboundConfigSpec(null, null, null, null, null, null) : body;
        return Backend.ok(routeManager.replaceOutboundConfig(customerId, input));
    }

    /** The administration check alone, for the filter that runs it before the body is read. */
    void administered(String id) {
        customer(id);
    }

    /** The customer, if the caller administers it; a super-admin's naming a customer that does not exist is 404. */
    private UUID customer(String id) {
        Caller caller = current.get();
        UUID customerId = Ids.parseId(id);
        if (!caller.may(customerId, Permission.CUSTOMER_ADMIN)) {
            throw ServiceException.forbidden();
        }
        if (caller.isSuperAdmin()) {
            customers.get(customerId);
        }
        return customerId;
    }
}

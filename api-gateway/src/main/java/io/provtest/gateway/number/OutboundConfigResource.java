package io.provtest.gateway.number;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private final ObjectMapper json;

    public OutboundConfigResource(CurrentCaller current, RouteManagerApi routeManager, CustomerService customers,
                                  ObjectMapper json) {
        this.current = current;
        this.routeManager = routeManager;
        this.customers = customers;
        this.json = json;
    }

    @GET
    public Response get(@PathParam("id") String id) {
        UUID customerId = customer(id);
        return Backend.ok(routeManager.outboundConfigJson(customerId));
    }

    /**
     * A full replace, the contract's {@link OutboundConfigSpec}: {@code {default_outgoing_source_number_id,
     * allowed_countries: ["+82", …] (empty = all), denied_prefixes: […], max_concurrent_calls, calls_per_second,
     * codecs: ["PCMA", …]}} (0 = no per-customer limit; no codecs = the default offer). The body is typed (strictly,
     * by the application's mapper) only after the caller is known to administer the customer: another customer's
     * admin sending a malformed body is 403, not 400.
     */
    @PUT
    public Response replace(@PathParam("id") String id, JsonNode body) throws JsonProcessingException {
        UUID customerId = customer(id);
        OutboundConfigSpec input = body == null || body.isNull() ? new OutboundConfigSpec(null, null, null, null,
                null, null) : json.treeToValue(body, OutboundConfigSpec.class);
        return Backend.ok(routeManager.replaceOutboundConfig(customerId, input));
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

package io.provtest.gateway.identity;

import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.Roles;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Identity endpoints: thin mappings onto the identity services, which own the rules. */
public final class IdentityResources {

    private IdentityResources() {
    }

    @Path("/auth/login")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class AuthResource {

        public record Credentials(String username, String password) {
        }

        private final AuthService auth;

        public AuthResource(AuthService auth) {
            this.auth = auth;
        }

        @POST
        @PermitAll
        public AuthService.Login login(Credentials credentials, @Context HttpServerRequest request) {
            String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
            return credentials == null ? auth.login(null, null, address)
                    : auth.login(credentials.username(), credentials.password(), address);
        }
    }

    @Path("/v1.0/me")
    @Produces(MediaType.APPLICATION_JSON)
    @Authenticated
    public static class MeResource {

        private final CurrentCaller current;
        private final AgentService agents;

        public MeResource(CurrentCaller current, AgentService agents) {
            this.current = current;
            this.agents = agents;
        }

        /** The agent behind a token, or for an access key what it may act as. */
        @GET
        public Object me() {
            Caller caller = current.get();
            if (caller.kind() == Caller.Kind.AGENT) {
                return agents.self(caller);
            }
            return Map.of("type", "accesskey", "accesskey_id", caller.accessKeyId(), "customer_id", caller.customerId(),
                    "permission", caller.permission());
        }
    }

    @Path("/v1.0/customers")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPER_ADMIN)
    public static class CustomerResource {

        private final CurrentCaller current;
        private final CustomerService customers;

        public CustomerResource(CurrentCaller current, CustomerService customers) {
            this.current = current;
            this.customers = customers;
        }

        @POST
        public Customer create(@Valid CustomerService.CustomerInput input) {
            current.requireSuperAdmin();
            return customers.create(input);
        }

        @GET
        public Page<Customer> list(@QueryParam("page_token") String pageToken, @QueryParam("page_size") String pageSize) {
            current.requireSuperAdmin();
            return customers.list(pageToken, PageToken.clampPageSize(pageSize));
        }

        @GET
        @Path("/{id}")
        public Customer get(@PathParam("id") String id) {
            current.requireSuperAdmin();
            return customers.get(Ids.parseId(id));
        }

        @PUT
        @Path("/{id}")
        public Customer update(@PathParam("id") String id, @Valid CustomerService.CustomerInput input) {
            current.requireSuperAdmin();
            return customers.update(Ids.parseId(id), input);
        }

        @DELETE
        @Path("/{id}")
        public Customer delete(@PathParam("id") String id) {
            return customers.delete(current.requireSuperAdmin(), Ids.parseId(id));
        }
    }

    @Path("/v1.0/agents")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN})
    public static class AgentResource {

        private final CurrentCaller current;
        private final AgentService agents;

        public AgentResource(CurrentCaller current, AgentService agents) {
            this.current = current;
            this.agents = agents;
        }

        @POST
        public Agent create(@Valid AgentService.AgentInput input) {
            return agents.create(current.get(), input);
        }

        @GET
        public Page<Agent> list(@QueryParam("page_token") String pageToken, @QueryParam("page_size") String pageSize) {
            return agents.list(current.get(), pageToken, PageToken.clampPageSize(pageSize));
        }

        @GET
        @Path("/{id}")
        public Agent get(@PathParam("id") String id) {
            Caller caller = current.get();
            return agents.get(caller, Ids.parseId(id));
        }

        @PUT
        @Path("/{id}")
        public Agent update(@PathParam("id") String id, @Valid AgentService.AgentInput input) {
            Caller caller = current.get();
            return agents.update(caller, Ids.parseId(id), input);
        }

        @DELETE
        @Path("/{id}")
        public Agent delete(@PathParam("id") String id) {
            Caller caller = current.get();
            return agents.delete(caller, Ids.parseId(id));
        }

        /** Any agent may change its own password; an admin the password of an agent it manages. */
        @PUT
        @Path("/{id}/password")
        @Authenticated
        public Agent changePassword(@PathParam("id") String id, AgentService.PasswordInput input) {
            return agents.changePassword(current.get(), Ids.parseId(id), input);
        }

        @PUT
        @Path("/{id}/permission")
        public Agent changePermission(@PathParam("id") String id, AgentService.PermissionInput input) {
            return agents.changePermission(current.get(), Ids.parseId(id), input);
        }
    }

    @Path("/v1.0/accesskeys")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN})
    public static class AccessKeyResource {

        private final CurrentCaller current;
        private final AccessKeyService keys;

        public AccessKeyResource(CurrentCaller current, AccessKeyService keys) {
            this.current = current;
            this.keys = keys;
        }

        @POST
        public AccessKey create(@Valid AccessKeyService.AccessKeyInput input) {
            return keys.create(current.get(), input);
        }

        @GET
        public Page<AccessKey> list(@QueryParam("customer_id") String customerId,
                                    @QueryParam("page_token") String pageToken, @QueryParam("page_size") String pageSize) {
            return keys.list(current.get(), customerId == null ? null : Ids.parseId(customerId), pageToken,
                    PageToken.clampPageSize(pageSize));
        }

        @GET
        @Path("/{id}")
        public AccessKey get(@PathParam("id") String id) {
            Caller caller = current.get();
            return keys.get(caller, Ids.parseId(id));
        }

        @DELETE
        @Path("/{id}")
        public AccessKey delete(@PathParam("id") String id) {
            Caller caller = current.get();
            return keys.delete(caller, Ids.parseId(id));
        }
    }
}

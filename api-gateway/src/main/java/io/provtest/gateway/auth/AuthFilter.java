package io.provtest.gateway.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates every matched endpoint except those marked {@link Public}. */
public class AuthFilter {

    private final Authenticator authenticator;
    private final CurrentCaller current;

    public AuthFilter(Authenticator authenticator, CurrentCaller current) {
        this.authenticator = authenticator;
        this.current = current;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceMethod() == null
                || resource.getResourceMethod().isAnnotationPresent(Public.class)
                || resource.getResourceClass().isAnnotationPresent(Public.class)) {
            return;
        }
        var query = request.getUriInfo().getQueryParameters();
        current.set(authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                query.getFirst("token"), query.getFirst("accesskey")));
    }
}

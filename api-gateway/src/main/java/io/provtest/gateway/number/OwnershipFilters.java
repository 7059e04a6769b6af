package io.provtest.gateway.number;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The ownership checks of the number and outbound-config writes, run before the body is read (see
 * {@link AuthorisedBeforeBody}). Blocking filters of blocking endpoints run on the worker thread, where the number's
 * owner may be asked of route-manager. The resource methods check again when they act (the check is cheap, and a
 * method must never rely on a filter alone).
 */
public class OwnershipFilters {

    private final NumberResource numbers;
    private final OutboundConfigResource outboundConfigs;

    public OwnershipFilters(NumberResource numbers, OutboundConfigResource outboundConfigs) {
        this.numbers = numbers;
        this.outboundConfigs = outboundConfigs;
    }

    @ServerRequestFilter
    @AuthorisedBeforeBody.NumberOwner
    public void numberOwner(ContainerRequestContext request) {
        numbers.ownedByCaller(id(request));
    }

    @ServerRequestFilter
    @AuthorisedBeforeBody.CustomerAdmin
    public void customerAdmin(ContainerRequestContext request) {
        outboundConfigs.administered(id(request));
    }

    private static String id(ContainerRequestContext request) {
        return request.getUriInfo().getPathParameters().getFirst("id");
    }
}

package io.provtest.gateway.auth;

import io.provtest.common.error.ServiceException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * The authenticated caller of the HTTP request being served, from the Quarkus Security identity. The resources'
 * {@code @RolesAllowed} decide access before a method runs; the checks here stay as a second line for an endpoint
 * whose annotation was forgotten.
 */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        Caller caller = identity.isAnonymous() ? null : identity.getAttribute(CallerIdentity.ATTRIBUTE);
        if (caller == null) {
            throw Unauthenticated.required();
        }
        return caller;
    }

    /** Super-admin or 403, decided before anything about the resource is looked at. */
    public Caller requireSuperAdmin() {
        Caller c = get();
        if (!c.isSuperAdmin()) {
            throw ServiceException.forbidden();
        }
        return c;
    }
}

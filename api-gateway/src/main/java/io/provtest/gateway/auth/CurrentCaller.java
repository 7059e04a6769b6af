package io.provtest.gateway.auth;

import io.provtest.common.error.ServiceException;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the HTTP request being served (set by {@link AuthFilter}). */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
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

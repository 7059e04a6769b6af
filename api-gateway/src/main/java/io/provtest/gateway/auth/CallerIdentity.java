package io.provtest.gateway.auth;

import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** A {@link Caller} as a Quarkus Security identity: its roles ({@link Roles}) and the caller as an attribute. */
final class CallerIdentity {

    static final String ATTRIBUTE = "provtest.caller";

    private CallerIdentity() {
    }

    static QuarkusSecurityIdentity.Builder with(QuarkusSecurityIdentity.Builder builder, Caller caller) {
        return builder.addRoles(Roles.of(caller.permission())).addAttribute(ATTRIBUTE, caller);
    }
}

package io.provtest.gateway.auth;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The roles a caller holds, one per permission bit the resources check ({@code @RolesAllowed}). They are derived
 * from the live agent record on every authentication, never taken from a token.
 */
public final class Roles {

    public static final String SUPER_ADMIN = "super_admin";
    public static final String CUSTOMER_ADMIN = "customer_admin";
    public static final String CUSTOMER_MANAGER = "customer_manager";
    public static final String CUSTOMER_AGENT = "customer_agent";

    private Roles() {
    }

    public static Set<String> of(int permission) {
        Set<String> roles = new LinkedHashSet<>();
        if ((permission & Permission.PROJECT_SUPER_ADMIN) != 0) {
            roles.add(SUPER_ADMIN);
        }
        if ((permission & Permission.CUSTOMER_ADMIN) != 0) {
            roles.add(CUSTOMER_ADMIN);
        }
        if ((permission & Permission.CUSTOMER_MANAGER) != 0) {
            roles.add(CUSTOMER_MANAGER);
        }
        if ((permission & Permission.CUSTOMER_AGENT) != 0) {
            roles.add(CUSTOMER_AGENT);
        }
        return roles;
    }
}

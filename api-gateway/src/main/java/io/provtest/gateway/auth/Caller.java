package io.provtest.gateway.auth;

import java.util.UUID;

/**
 * Who is calling. {@code agentId} is null for an access key, which acts as CustomerAdmin of its customer;
 * {@code tokenVersion} ({@link TokenVersion}) is null for an access key too.
 */
public record Caller(Kind kind, UUID agentId, UUID accessKeyId, UUID customerId, int permission, String username,
                     String tokenVersion) {

    public enum Kind { AGENT, ACCESS_KEY }

    public boolean isSuperAdmin() {
        return (permission & Permission.PROJECT_SUPER_ADMIN) != 0;
    }

    /** Super-admins pass everywhere; anyone else only inside its own customer and with one of the bits. */
    public boolean may(UUID resourceCustomerId, int anyOfBits) {
        return isSuperAdmin() || (customerId.equals(resourceCustomerId) && (permission & anyOfBits) != 0);
    }
}

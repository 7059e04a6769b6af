package io.provtest.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code ver} claim: a digest of what a token vouches for (the password hash and the permission bits). A
 * password change (a new bcrypt salt, even for the same password) or a permission change gives another value, and
 * every token carrying the old one is refused on its next use. Derived, so no counter column has to be kept in step.
 * Setting a permission back to an earlier value revives tokens issued under that value; they carry no more rights
 * than the agent has again (roles are read from the live record, never from the token).
 */
public final class TokenVersion {

    private TokenVersion() {
    }

    public static String of(String passwordHash, int permission) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((passwordHash + "|" + permission).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

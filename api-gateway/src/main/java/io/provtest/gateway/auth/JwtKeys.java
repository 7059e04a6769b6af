package io.provtest.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The HS256 key as the JSON Web Key smallrye-jwt reads ({@code {"kty":"oct","k":…}}): the UTF-8 bytes of
 * {@code JWT_SECRET}, base64url-encoded. smallrye-jwt takes secret keys only in the JWK form.
 */
public final class JwtKeys {

    public static final int MIN_SECRET_BYTES = 32;

    private JwtKeys() {
    }

    public static String octJwk(String secret) {
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return "{\"kty\":\"oct\",\"alg\":\"HS256\",\"k\":\"" + k + "\"}";
    }

    /** HS256 wants a key at least as long as its hash: a shorter secret is a start-up error. */
    public static void requireStrong(String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("gateway.jwt.secret (JWT_SECRET) must be at least " + MIN_SECRET_BYTES
                    + " bytes");
        }
    }
}

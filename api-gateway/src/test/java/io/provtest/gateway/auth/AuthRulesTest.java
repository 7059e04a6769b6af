package io.provtest.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small pure rules behind authentication. */
class AuthRulesTest {

    @Test
    void credentialsAreReadInTheGatewaysOrder() {
        assertEquals(new PresentedCredential(PresentedCredential.Kind.TOKEN, "t"),
                PresentedCredential.of("Bearer t", "q", "k"));
        assertEquals(new PresentedCredential(PresentedCredential.Kind.TOKEN, "t"),
                PresentedCredential.of("bearer   t ", null, null));
        assertEquals(new PresentedCredential(PresentedCredential.Kind.ACCESS_KEY, "ak_1"),
                PresentedCredential.of("AccessKey ak_1", "q", null));
        assertEquals(new PresentedCredential(PresentedCredential.Kind.TOKEN, "q"),
                PresentedCredential.of(null, "q", "k"));
        assertEquals(new PresentedCredential(PresentedCredential.Kind.ACCESS_KEY, "k"),
                PresentedCredential.of(" ", null, "k"));
        assertEquals(PresentedCredential.Kind.NONE, PresentedCredential.of(null, null, null).kind());
    }

    @Test
    void otherSchemesAndEmptyValuesAreInvalidNotMissing() {
        for (String header : new String[] {"Basic YWRtaW46YWRtaW4=", "Bearer ", "AccessKey  ", "Token abc"}) {
            assertEquals(PresentedCredential.Kind.INVALID, PresentedCredential.of(header, null, null).kind(), header);
        }
        assertEquals(PresentedCredential.Kind.INVALID, PresentedCredential.of(null, "", null).kind());
        assertEquals(PresentedCredential.Kind.INVALID, PresentedCredential.of(null, null, "").kind());
    }

    @Test
    void rolesFollowThePermissionBits() {
        assertEquals(Set.of(Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN), Roles.of(0x21));
        assertEquals(Set.of(Roles.CUSTOMER_MANAGER, Roles.CUSTOMER_AGENT), Roles.of(0x50));
        assertTrue(Roles.of(0).isEmpty());
    }

    @Test
    void theJwkCarriesTheSecretsUtf8Bytes() throws Exception {
        var jwk = new ObjectMapper().readTree(JwtKeys.octJwk("0123456789abcdef0123456789abcdéf"));
        assertEquals("oct", jwk.get("kty").asText());
        assertEquals("0123456789abcdef0123456789abcdéf",
                new String(Base64.getUrlDecoder().decode(jwk.get("k").asText()), StandardCharsets.UTF_8));
    }

    @Test
    void aShortSecretIsAStartupError() {
        assertThrows(IllegalArgumentException.class, () -> JwtKeys.requireStrong("short"));
        assertThrows(IllegalArgumentException.class, () -> JwtKeys.requireStrong(null));
        JwtKeys.requireStrong("0123456789abcdef0123456789abcdef");
    }

    @Test
    void theTokenVersionChangesWithThePasswordHashOrThePermission() {
        String v = TokenVersion.of("$2a$10$abc", 0x20);
        assertEquals(v, TokenVersion.of("$2a$10$abc", 0x20));
        assertNotEquals(v, TokenVersion.of("$2a$10$abd", 0x20));
        assertNotEquals(v, TokenVersion.of("$2a$10$abc", 0x40));
        assertEquals(24, v.length());
    }
}

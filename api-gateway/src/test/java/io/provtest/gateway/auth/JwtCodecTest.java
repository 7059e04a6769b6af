package io.provtest.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JwtCodecTest {

    private final JwtCodec codec = new JwtCodec("0123456789abcdef0123456789abcdef");
    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final JwtCodec.Claims claims = new JwtCodec.Claims(UUID.randomUUID(), UUID.randomUUID(), 0x21, "ann",
            now.plusSeconds(3600));

    @Test
    void aSignedTokenVerifiesUntilItExpires() {
        String token = codec.sign(claims, now);
        assertEquals(claims.agentId(), codec.verify(token, now).orElseThrow().agentId());
        assertTrue(codec.verify(token, now.plusSeconds(3600)).isEmpty());
    }

    @Test
    void anotherSecretsSignatureIsRefused() {
        String token = new JwtCodec("another-secret-another-secret-12").sign(claims, now);
        assertTrue(codec.verify(token, now).isEmpty());
    }

    @Test
    void algNoneAndOtherAlgorithmsAreRefused() {
        String token = codec.sign(claims, now);
        String[] parts = token.split("\\.");
        for (String alg : new String[] {"none", "HS512", "RS256"}) {
            String header = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");
            assertTrue(codec.verify(header + "." + parts[1] + "." + parts[2], now).isEmpty(), alg);
            assertTrue(codec.verify(header + "." + parts[1] + ".", now).isEmpty(), alg + " unsigned");
        }
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        String noExp = codec.signPayload("{\"sub\":\"" + claims.agentId() + "\",\"customer_id\":\""
                + claims.customerId() + "\"}");
        assertTrue(codec.verify(noExp, now).isEmpty());
        String textExp = codec.signPayload("{\"sub\":\"" + claims.agentId() + "\",\"customer_id\":\""
                + claims.customerId() + "\",\"exp\":\"tomorrow\"}");
        assertTrue(codec.verify(textExp, now).isEmpty());
    }

    @Test
    void garbageIsRefusedNotThrown() {
        for (String junk : new String[] {"", "a", "a.b", "a.b.c", "...", "ey.ey.ey"}) {
            assertTrue(codec.verify(junk, now).isEmpty(), junk);
        }
    }

    @Test
    void aShortSecretIsAStartupError() {
        assertThrows(IllegalArgumentException.class, () -> new JwtCodec("short"));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

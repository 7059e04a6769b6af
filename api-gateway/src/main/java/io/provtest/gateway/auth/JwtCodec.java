package io.provtest.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 JSON Web Tokens and nothing else: a header naming any other {@code alg} (including {@code none}) is refused,
 * the signature is compared in constant time, and {@code exp} is mandatory.
 */
public final class JwtCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    public static final String ISSUER = "provtest-api-gateway";

    private final SecretKeySpec key;

    public JwtCodec(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("gateway.jwt.secret (JWT_SECRET) must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    public record Claims(UUID agentId, UUID customerId, int permission, String username, Instant expiresAt) {
    }

    public String sign(Claims claims, Instant issuedAt) {
        ObjectNode payload = MAPPER.createObjectNode()
                .put("iss", ISSUER)
                .put("sub", claims.agentId().toString())
                .put("customer_id", claims.customerId().toString())
                .put("permission", claims.permission())
                .put("username", claims.username())
                .put("iat", issuedAt.getEpochSecond())
                .put("exp", claims.expiresAt().getEpochSecond());
        return signPayload(payload.toString());
    }

    String signPayload(String payloadJson) {
        String body = HEADER + "." + B64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(mac(body));
    }

    /** The claims of a well-formed, correctly signed, unexpired HS256 token; empty for anything else. */
    public Optional<Claims> verify(String token, Instant now) {
        try {
            String[] parts = token.split("\\.", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            JsonNode header = MAPPER.readTree(B64D.decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText(null))) {
                return Optional.empty();
            }
            byte[] expected = mac(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, B64D.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode payload = MAPPER.readTree(B64D.decode(parts[1]));
            JsonNode exp = payload.get("exp");
            if (exp == null || !exp.canConvertToLong() || now.getEpochSecond() >= exp.asLong()) {
                return Optional.empty();
            }
            return Optional.of(new Claims(UUID.fromString(payload.get("sub").asText()),
                    UUID.fromString(payload.get("customer_id").asText()), payload.path("permission").asInt(0),
                    payload.path("username").asText(""), Instant.ofEpochSecond(exp.asLong())));
        } catch (Exception malformed) {
            return Optional.empty();
        }
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

package io.provtest.gateway.auth;

import io.provtest.gateway.GatewayConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;

/**
 * Issues the login tokens with smallrye-jwt-build: HS256 with the key of {@link JwtKeyConfigSourceFactory},
 * {@code iss}, {@code aud}, {@code iat}, {@code exp} and the {@link TokenVersion} claim. Created at start so a weak
 * JWT_SECRET stops the gateway there.
 */
@Singleton
@Startup
public class TokenIssuer {

    private final GatewayConfig.Jwt config;

    public TokenIssuer(GatewayConfig config) {
        JwtKeys.requireStrong(config.jwt().secret());
        this.config = config.jwt();
    }

    public String issue(UUID agentId, UUID customerId, int permission, String username, String tokenVersion,
                        Instant now) {
        return Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(agentId.toString())
                .upn(username)
                .claim("customer_id", customerId.toString())
                .claim("permission", permission)
                .claim("username", username)
                .claim(LiveAgentAugmentor.VERSION_CLAIM, tokenVersion)
                .issuedAt(now)
                .expiresAt(now.plus(config.lifetime()))
                .jws().algorithm(SignatureAlgorithm.HS256)
                .sign();
    }
}

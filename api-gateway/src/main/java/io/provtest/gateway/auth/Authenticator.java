package io.provtest.gateway.auth;

import io.provtest.gateway.GatewayConfig;
import io.provtest.gateway.identity.IdentityStore;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;

/**
 * Resolves the caller from, in order: {@code Authorization: Bearer <jwt>}, {@code ?token=},
 * {@code Authorization: AccessKey <key>}, {@code ?accesskey=}. A token's permission claim is not trusted on its
 * own: the agent is looked up (through a short cache) so that a demoted or deleted agent loses access promptly.
 */
@Singleton
public class Authenticator {

    private final JwtCodec jwt;
    private final IdentityStore identities;

    public Authenticator(GatewayConfig config, IdentityStore identities) {
        this.jwt = new JwtCodec(config.jwt().secret());
        this.identities = identities;
    }

    public JwtCodec jwt() {
        return jwt;
    }

    public Caller authenticate(String authorization, String tokenParam, String accessKeyParam) {
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.trim();
            if (startsWithIgnoreCase(value, "Bearer ")) {
                return fromToken(value.substring(7).trim());
            }
            if (startsWithIgnoreCase(value, "AccessKey ")) {
                return fromAccessKey(value.substring(10).trim());
            }
            throw Unauthenticated.invalid();
        }
        if (tokenParam != null) {
            return fromToken(tokenParam);
        }
        if (accessKeyParam != null) {
            return fromAccessKey(accessKeyParam);
        }
        throw Unauthenticated.required();
    }

    private Caller fromToken(String token) {
        JwtCodec.Claims claims = jwt.verify(token, Instant.now()).orElseThrow(Unauthenticated::invalid);
        return identities.activeAgentCaller(claims.agentId()).orElseThrow(Unauthenticated::invalid);
    }

    private Caller fromAccessKey(String key) {
        Optional<Caller> caller = key.isEmpty() ? Optional.empty() : identities.accessKeyCaller(key, Instant.now());
        return caller.orElseThrow(Unauthenticated::invalid);
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}

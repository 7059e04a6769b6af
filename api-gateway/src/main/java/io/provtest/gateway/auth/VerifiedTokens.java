package io.provtest.gateway.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies a token with smallrye-jwt's parser (the configured HS256 key, {@code exp} required, {@code iss} and
 * {@code aud} checked) as its own {@code MpJwtValidator} does, ahead of it, and remembers a verified token for
 * {@link #TTL_MS} or until its {@code exp}, whichever is first. Parsing and checking a token (base64, the claims'
 * JSON, the HMAC) was a quarter of the gateway's CPU per request under load, for a client that sends the same token
 * every time. What is remembered never changes for a given token string (its signature covers every claim), so
 * nothing is loosened: a token is kept only after it passed, never past its expiry, and the checks that can change
 * (the agent deleted, its password or permission changed) are {@link LiveAgentAugmentor}'s, which still runs on every
 * request. A refused token is not remembered.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    static final long TTL_MS = 60_000;
    /** Bounded: past this many tokens the whole map is dropped (each entry is re-verified once). */
    static final int MAX_ENTRIES = 10_000;

    private final JWTParser parser;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedTokens(JWTParser parser) {
        this.parser = parser;
    }

    private record Verified(JsonWebToken token, long untilMillis) {
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Ahead of smallrye-jwt's validator, which then never sees a token: this one answers each. Quarkus asks the
     * providers of a request type highest priority first, and the validator keeps the interface's default
     * ({@code IdentityProvider.priority()}, 1001): at 100 this provider came second and was never asked, and every
     * request was parsed and verified again (a third of the gateway's CPU samples under bench/rpc.sh).
     */
    static final int PRIORITY = 2000;

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().item(() -> identity(request, verify(request.getToken().getToken(),
                System.currentTimeMillis())));
    }

    /** The verified token, from memory while it is fresh; a token that does not verify is refused (401). */
    JsonWebToken verify(String raw, long now) {
        Verified hit = verified.get(raw);
        if (hit != null && hit.untilMillis > now) {
            return hit.token;
        }
        JsonWebToken token;
        try {
            token = parser.parse(raw);
        } catch (ParseException e) {
            throw new AuthenticationFailedException(e);
        }
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear();
        }
        verified.put(raw, new Verified(token, until(now, token.getExpirationTime())));
        return token;
    }

    /** Remembered until {@code now + TTL_MS} or the token's {@code exp} (seconds), whichever is first. */
    static long until(long nowMillis, long expSeconds) {
        return Math.min(nowMillis + TTL_MS, expSeconds * 1000);
    }

    /** The identity smallrye-jwt's validator builds: the token as principal and credential, its groups as roles. */
    private static SecurityIdentity identity(TokenAuthenticationRequest request, JsonWebToken token) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(token)
                .addCredential(request.getToken())
                .addRoles(token.getGroups() == null ? Set.of() : token.getGroups())
                .addAttribute("quarkus.user", token);
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            builder.addAttribute(RoutingContext.class.getName(), routingContext);
        }
        return builder.build();
    }
}

package io.provtest.gateway.auth;

import io.provtest.gateway.identity.IdentityStore;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified token is not trusted on its own: its agent is read again (through the 5 s cache of
 * {@link IdentityStore}) so that a deleted agent, or one whose password or permission changed since the token was
 * issued ({@link TokenVersion}), loses access at once on this replica and within 5 s on others. The roles come
 * from the live record. The read may wait for the database, so it runs on a worker thread, unless the cache already
 * holds the live agent: then the identity is built where it is asked for, without a hop to a worker and back for
 * every request.
 */
@ApplicationScoped
public class LiveAgentAugmentor implements SecurityIdentityAugmentor {

    static final String VERSION_CLAIM = "ver";

    private final IdentityStore identities;

    public LiveAgentAugmentor(IdentityStore identities) {
        this.identities = identities;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Optional<UUID> agentId = agentId(token);
        Optional<Caller> cached = agentId.flatMap(identities::cachedActiveAgentCaller)
                .filter(live -> sameVersion(live, token));
        if (cached.isPresent()) {
            return Uni.createFrom().item(CallerIdentity.with(QuarkusSecurityIdentity.builder(identity), cached.get())
                    .build());
        }
        return context.runBlocking(() -> {
            Caller caller = agentId.flatMap(identities::activeAgentCaller)
                    .filter(live -> sameVersion(live, token))
                    .orElseThrow(() -> new AuthenticationFailedException("the token's agent is gone or changed"));
            return CallerIdentity.with(QuarkusSecurityIdentity.builder(identity), caller).build();
        });
    }

    private static boolean sameVersion(Caller live, JsonWebToken token) {
        return live.tokenVersion().equals(token.getClaim(VERSION_CLAIM));
    }

    private static Optional<UUID> agentId(JsonWebToken token) {
        try {
            return Optional.of(UUID.fromString(token.getSubject()));
        } catch (RuntimeException notAnAgentId) {
            return Optional.empty();
        }
    }
}

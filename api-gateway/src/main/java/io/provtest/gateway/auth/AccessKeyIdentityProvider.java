package io.provtest.gateway.auth;

import io.provtest.gateway.identity.IdentityStore;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * An access key: a live, unexpired key of a live customer, looked up by its hash (5 s cache). It acts as
 * CustomerAdmin of its customer. The lookup may wait for the database, so it runs on a worker thread.
 */
@ApplicationScoped
public class AccessKeyIdentityProvider implements IdentityProvider<AccessKeyAuthenticationRequest> {

    private final IdentityStore identities;

    public AccessKeyIdentityProvider(IdentityStore identities) {
        this.identities = identities;
    }

    @Override
    public Class<AccessKeyAuthenticationRequest> getRequestType() {
        return AccessKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(AccessKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Caller caller = identities.accessKeyCaller(request.key(), Instant.now())
                    .orElseThrow(() -> new AuthenticationFailedException("unknown access key"));
            return CallerIdentity.with(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("accesskey:" + caller.accessKeyId())), caller).build();
        });
    }
}

package io.provtest.gateway.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Every credential form the gateway accepts ({@link PresentedCredential}). A token, from the header or the query,
 * goes to smallrye-jwt's verifier (HS256 only, exp required, iss and aud checked; then {@link LiveAgentAugmentor});
 * an access key to {@link AccessKeyIdentityProvider}. Runs before smallrye-jwt's own Bearer mechanism, which then
 * never sees a request this one has handled.
 */
@ApplicationScoped
public class CredentialMechanism implements HttpAuthenticationMechanism {

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        PresentedCredential credential = PresentedCredential.of(context.request().getHeader(HttpHeaders.AUTHORIZATION),
                context.request().getParam("token"), context.request().getParam("accesskey"));
        AuthenticationRequest request = switch (credential.kind()) {
            case NONE, INVALID -> null;
            case TOKEN -> new TokenAuthenticationRequest(new JsonWebTokenCredential(credential.value()));
            case ACCESS_KEY -> new AccessKeyAuthenticationRequest(credential.value());
        };
        if (credential.kind() == PresentedCredential.Kind.INVALID) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unsupported credential"));
        }
        if (request == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class, AccessKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, "accesskey"));
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}

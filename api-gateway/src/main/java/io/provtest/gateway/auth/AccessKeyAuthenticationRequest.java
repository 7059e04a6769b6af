package io.provtest.gateway.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An access key as presented (header or query); {@link AccessKeyIdentityProvider} resolves it. */
public class AccessKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public AccessKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}

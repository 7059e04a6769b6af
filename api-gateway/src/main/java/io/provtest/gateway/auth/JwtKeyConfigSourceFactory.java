package io.provtest.gateway.auth;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives smallrye-jwt its verification and signing key from {@code gateway.jwt.secret} (JWT_SECRET), so that the
 * operator sets one plain secret and never writes a JWK by hand. Registered in META-INF/services. Without a secret
 * (a build, or production without JWT_SECRET) it adds nothing: the gateway's own config then refuses to start.
 */
public class JwtKeyConfigSourceFactory implements ConfigSourceFactory {

    static final String VERIFY_KEY = "smallrye.jwt.verify.secretkey";
    static final String SIGN_KEY = "smallrye.jwt.sign.key";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String secret;
        try {
            ConfigValue value = context.getValue("gateway.jwt.secret");
            secret = value == null ? null : value.getValue();
        } catch (NoSuchElementException | IllegalArgumentException unresolved) {
            return List.of();
        }
        if (secret == null || secret.isBlank()) {
            return List.of();
        }
        String jwk = JwtKeys.octJwk(secret);
        return List.of(new PropertiesConfigSource(Map.of(VERIFY_KEY, jwk, SIGN_KEY, jwk), "gateway-jwt-key", 150));
    }
}

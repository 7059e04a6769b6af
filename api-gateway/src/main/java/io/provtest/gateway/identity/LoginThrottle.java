package io.provtest.gateway.identity;

import io.provtest.gateway.http.RetryLater;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;

/**
 * Failed logins are counted per username (existing or not, so the answer tells nothing about which exist) and per
 * client address; past the limit, {@code /auth/login} is 429 RESOURCE_EXHAUSTED with Retry-After until the window
 * ends, before any password is checked. Per replica, in memory: a restart or another replica starts afresh.
 */
@Singleton
public class LoginThrottle {

    @ConfigMapping(prefix = "gateway.login")
    public interface Config {
        /** Failed logins for one username within the window before it must wait. */
        @WithDefault("5")
        int maxFailuresPerUsername();

        /** Failed logins from one client address within the window before it must wait. */
        @WithDefault("20")
        int maxFailuresPerAddress();

        @WithDefault("5m")
        Duration window();
    }

    private final FailureWindow byUsername;
    private final FailureWindow byAddress;

    public LoginThrottle(Config config) {
        this.byUsername = new FailureWindow(config.maxFailuresPerUsername(), config.window().toMillis());
        this.byAddress = new FailureWindow(config.maxFailuresPerAddress(), config.window().toMillis());
    }

    void check(String username, String address) {
        long now = System.currentTimeMillis();
        long wait = Math.max(byUsername.retryAfterSeconds(key(username), now), byAddress.retryAfterSeconds(address, now));
        if (wait > 0) {
            throw new RetryLater("Too many failed logins; try again later.", wait);
        }
    }

    void failed(String username, String address) {
        long now = System.currentTimeMillis();
        byUsername.failed(key(username), now);
        byAddress.failed(address, now);
    }

    void succeeded(String username) {
        byUsername.succeeded(key(username));
    }

    /** Usernames are compared without case, as the login does. */
    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}

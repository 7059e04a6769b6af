package io.provtest.gateway.identity;

import io.provtest.common.db.Db;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.gateway.auth.TokenIssuer;
import io.provtest.gateway.auth.TokenVersion;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;

@Singleton
public class AuthService {

    /** Checked when the username is unknown, so that a wrong username costs as long as a wrong password. */
    private static final String DECOY_HASH = BcryptUtil.bcryptHash("decoy-password-for-timing");

    private final AgentRepository agents;
    private final TokenIssuer tokens;
    private final LoginThrottle throttle;

    public AuthService(AgentRepository agents, TokenIssuer tokens, LoginThrottle throttle) {
        this.agents = agents;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    public record Login(String username, String token) {
    }

    /**
     * The same work whether or not the username exists: the throttle, one read, one bcrypt check (against a decoy
     * hash for an unknown user).
     */
    public Login login(String username, String password, String clientAddress) {
        if (username == null || password == null) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "username and password are required.");
        }
        throttle.check(username, clientAddress);
        // bcrypt runs here, on the request's worker thread, after the read: never inside the reactive chain.
        Optional<AgentEntity> row = Optional.ofNullable(Db.read(() -> agents.findLiveByUsername(username)));
        boolean matches = BcryptUtil.matches(password, row.map(a -> a.passwordHash).orElse(DECOY_HASH));
        if (row.isEmpty() || !matches) {
            throttle.failed(username, clientAddress);
            throw new ServiceException(ErrorStatus.UNAUTHENTICATED, "INVALID_CREDENTIALS",
                    "The username or password is not correct.");
        }
        throttle.succeeded(username);
        AgentEntity agent = row.get();
        String token = tokens.issue(agent.id, agent.customerId, agent.permission, agent.username,
                TokenVersion.of(agent.passwordHash, agent.permission), Instant.now());
        return new Login(agent.username, token);
    }
}

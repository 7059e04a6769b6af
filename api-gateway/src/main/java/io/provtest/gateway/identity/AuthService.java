package io.provtest.gateway.identity;

import io.provtest.common.db.Jdbc;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.gateway.GatewayConfig;
import io.provtest.gateway.auth.Authenticator;
import io.provtest.gateway.auth.JwtCodec;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

@Singleton
public class AuthService {

    /** Checked when the username is unknown, so that a wrong username costs as long as a wrong password. */
    private static final String DECOY_HASH = BcryptUtil.bcryptHash("decoy-password-for-timing");

    private final Jdbc jdbc;
    private final AgentRepository agents;
    private final Authenticator authenticator;
    private final GatewayConfig config;

    public AuthService(DataSource dataSource, AgentRepository agents, Authenticator authenticator, GatewayConfig config) {
        this.jdbc = new Jdbc(dataSource);
        this.agents = agents;
        this.authenticator = authenticator;
        this.config = config;
    }

    public record Login(String username, String token) {
    }

    public Login login(String username, String password) {
        if (username == null || password == null) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "username and password are required.");
        }
        Optional<AgentRepository.Row> row = jdbc.read(c -> agents.findLiveByUsername(c, username));
        boolean matches = BcryptUtil.matches(password, row.map(AgentRepository.Row::passwordHash).orElse(DECOY_HASH));
        if (row.isEmpty() || !matches) {
            throw new ServiceException(ErrorStatus.UNAUTHENTICATED, "INVALID_CREDENTIALS",
                    "The username or password is not correct.");
        }
        Agent agent = row.get().agent();
        Instant now = Instant.now();
        String token = authenticator.jwt().sign(new JwtCodec.Claims(agent.id(), agent.customerId(), agent.permission(),
                agent.username(), now.plus(config.jwt().lifetime())), now);
        return new Login(agent.username(), token);
    }
}

package io.provtest.gateway.identity;

import io.provtest.common.db.Jdbc;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.gateway.GatewayConfig;
import io.provtest.gateway.auth.Permission;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * First start on an empty identity store: a platform customer and a super-admin agent. A generated password is
 * written (owner-readable only) to {@code <state-dir>/bootstrap-admin.txt} and nowhere else: logs are kept and
 * shipped, so the log line names the file, never the password (scripts/run.sh shows it on the terminal).
 */
@Singleton
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);
    public static final String CREDENTIALS_FILE = "bootstrap-admin.txt";

    private final Jdbc jdbc;
    private final CustomerRepository customers;
    private final AgentRepository agents;
    private final GatewayConfig config;

    public Bootstrap(DataSource dataSource, CustomerRepository customers, AgentRepository agents, GatewayConfig config) {
        this.jdbc = new Jdbc(dataSource);
        this.customers = customers;
        this.agents = agents;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        String username = config.bootstrap().username();
        String password = config.bootstrap().password().filter(p -> !p.isBlank()).orElse(null);
        boolean generated = password == null;
        String effective = generated ? randomPassword() : password;
        boolean created = jdbc.inTransaction(c -> {
            // One gateway replica creates the admin even when several start together.
            try (var lock = c.prepareStatement("select pg_advisory_xact_lock(7431)")) {
                lock.execute();
            }
            if (agents.anyExists(c)) {
                return false;
            }
            var now = Times.now();
            var customer = customers.insert(c, Ids.random(), "platform", "The platform operator's own customer.", now);
            agents.insert(c, Ids.random(), customer.id(), new AgentRepository.Fields(username,
                    BcryptUtil.bcryptHash(effective), "Platform administrator", "Created at first start.",
                    Permission.PROJECT_SUPER_ADMIN | Permission.CUSTOMER_ADMIN, List.of(), "ring_all"), now);
            return true;
        });
        if (!created) {
            return;
        }
        Path file = Path.of(config.stateDir(), CREDENTIALS_FILE);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "username=" + username + "\npassword=" + (generated ? effective : "(as configured)") + "\n");
        if (generated) {
            LOG.infof("bootstrap super-admin created: username=%s, generated password in %s (owner-readable only)",
                    username, file);
        } else {
            LOG.infof("bootstrap super-admin created: username=%s with the configured password", username);
        }
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}

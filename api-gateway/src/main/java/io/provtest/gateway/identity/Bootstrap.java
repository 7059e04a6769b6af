package io.provtest.gateway.identity;

import io.provtest.common.db.Db;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.gateway.GatewayConfig;
import io.provtest.gateway.auth.Permission;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * First start on an empty identity store: a platform customer and a super-admin agent. A generated password is
 * written (owner-readable only) to {@code <state-dir>/bootstrap-admin.txt} and nowhere else: logs are kept and
 * shipped, so the log line names the file, never the password (scripts/run.sh shows it on the terminal).
 * Runs in a start-up observer on the main thread, which is not a Vert.x thread: {@link Db} may wait there.
 */
@Singleton
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);
    public static final String CREDENTIALS_FILE = "bootstrap-admin.txt";

    /** Serialises the first start of several gateway replicas (a transaction-scoped PostgreSQL advisory lock). */
    private static final long BOOTSTRAP_LOCK = 7431;

    private final CustomerRepository customers;
    private final AgentRepository agents;
    private final GatewayConfig config;

    public Bootstrap(CustomerRepository customers, AgentRepository agents, GatewayConfig config) {
        this.customers = customers;
        this.agents = agents;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        String username = config.bootstrap().username();
        String password = config.bootstrap().password().filter(p -> !p.isBlank()).orElse(null);
        boolean generated = password == null;
        String effective = generated ? randomPassword() : password;
        if (Db.read(agents::anyExists)) {
            return;
        }
        // Hashed before the transaction: bcrypt is slow on purpose and must not run inside the reactive chain.
        String hash = BcryptUtil.bcryptHash(effective);
        // One gateway replica creates the admin even when several start together: the lock, then the check again.
        boolean created = Db.transaction(() -> lock()
                .chain(agents::anyExists)
                .chain(exists -> exists ? Uni.createFrom().item(false) : createAdmin(username, hash).replaceWith(true)));
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

    private Uni<AgentEntity> createAdmin(String username, String passwordHash) {
        var now = Times.now();
        var customer = new Customer(Ids.random(), "platform", "The platform operator's own customer.", now, null, null);
        var admin = new AgentFields(username, passwordHash, "Platform administrator", "Created at first start.",
                Permission.PROJECT_SUPER_ADMIN | Permission.CUSTOMER_ADMIN, List.of(), "ring_all");
        return customers.persistAndFlush(CustomerEntity.of(customer))
                .chain(() -> agents.persistAndFlush(AgentEntity.create(Ids.random(), customer.id(), admin, now)));
    }

    private static Uni<Integer> lock() {
        return Panache.getSession().chain(s -> s.createNativeQuery("select 1 from pg_advisory_xact_lock(" + BOOTSTRAP_LOCK
                + ")", Integer.class).getSingleResult());
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

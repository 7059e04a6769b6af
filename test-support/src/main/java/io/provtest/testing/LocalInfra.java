package io.provtest.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The locally started test servers. Addresses from TEST_* environment variables with the defaults of
 * scripts/infra.sh; credentials from TEST_* variables, otherwise from the files infra.sh generates in the state folder
 * ({@code $PROVTEST_STATE_DIR}, default /var/tmp/provtest): there is no default password.
 */
public record LocalInfra(String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword,
                         String rabbitHost, int rabbitPort, String rabbitUser, String rabbitPassword,
                         String rabbitVhost) {

    public static final String PG_CREDENTIALS = "pg-credentials.txt";
    public static final String RABBITMQ_CREDENTIALS = "rabbitmq-credentials.txt";

    public static LocalInfra fromEnvironment() {
        return from(System::getenv);
    }

    static LocalInfra from(Function<String, String> environment) {
        Function<String, Optional<String>> env = name -> Optional.ofNullable(environment.apply(name))
                .filter(value -> !value.isBlank());
        Path state = Path.of(env.apply("PROVTEST_STATE_DIR").orElse("/var/tmp/provtest"));
        Credentials pg = Credentials.of(env, "TEST_PG_USER", "TEST_PG_PASSWORD", state.resolve(PG_CREDENTIALS));
        Credentials rabbit = Credentials.of(env, "TEST_RABBITMQ_USER", "TEST_RABBITMQ_PASSWORD",
                state.resolve(RABBITMQ_CREDENTIALS));
        return new LocalInfra(
                env.apply("TEST_PG_HOST").orElse("127.0.0.1"),
                Integer.parseInt(env.apply("TEST_PG_PORT").orElse("55432")),
                env.apply("TEST_PG_DB").orElse("provtest_test"), pg.username(), pg.password(),
                env.apply("TEST_RABBITMQ_HOST").orElse("127.0.0.1"),
                Integer.parseInt(env.apply("TEST_RABBITMQ_PORT").orElse("5673")),
                rabbit.username(), rabbit.password(),
                env.apply("TEST_RABBITMQ_VHOST").orElse("provtest-test"));
    }

    /** A plain connection to the test broker, for tests that look at queues and messages themselves. */
    public Connection rabbitConnection(String name) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbitHost);
        factory.setPort(rabbitPort);
        factory.setUsername(rabbitUser);
        factory.setPassword(rabbitPassword);
        factory.setVirtualHost(rabbitVhost);
        return factory.newConnection(name);
    }

    /** Without the passwords: a test that prints its infrastructure must not put them in a report. */
    @Override
    public String toString() {
        return "LocalInfra[postgres " + pgUser + "@" + pgHost + ":" + pgPort + "/" + pgDatabase + ", rabbitmq "
                + rabbitUser + "@" + rabbitHost + ":" + rabbitPort + "/" + rabbitVhost + "]";
    }

    record Credentials(String username, String password) {

        /**
         * Each of the two from its variable when set, otherwise from the file; a password variable alone keeps the
         * file's user (or infra.sh's default user when there is no file).
         */
        static Credentials of(Function<String, Optional<String>> env, String userVariable, String passwordVariable,
                              Path file) {
            Map<String, String> values = Files.isReadable(file) ? parse(read(file)) : Map.of();
            Optional<String> password = env.apply(passwordVariable)
                    .or(() -> Optional.ofNullable(values.get("password")).filter(p -> !p.isBlank()));
            if (password.isEmpty()) {
                throw new IllegalStateException("no password for the local test servers: set " + passwordVariable
                        + " or run scripts/infra.sh start, which writes it to " + file + " (readable by its owner only)");
            }
            String username = env.apply(userVariable).or(() -> Optional.ofNullable(values.get("username")))
                    .orElse("provtest");
            return new Credentials(username, password.get());
        }

        /** {@code key=value} lines, as infra.sh writes them (the value is everything after the first '='). */
        static Map<String, String> parse(String text) {
            Map<String, String> values = new HashMap<>();
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.putIfAbsent(line.substring(0, eq).trim(), line.substring(eq + 1).strip());
                }
            }
            return values;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=(hidden)]";
        }
    }
}

package io.provtest.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** The locally started test servers, from TEST_* environment variables with the defaults of scripts/infra.sh. */
public record LocalInfra(String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword,
                         String rabbitHost, int rabbitPort, String rabbitUser, String rabbitPassword,
                         String rabbitVhost) {

    public static LocalInfra fromEnvironment() {
        return new LocalInfra(
                env("TEST_PG_HOST", "127.0.0.1"), Integer.parseInt(env("TEST_PG_PORT", "55432")),
                env("TEST_PG_DB", "provtest_test"), env("TEST_PG_USER", "provtest"), env("TEST_PG_PASSWORD", "provtest"),
                env("TEST_RABBITMQ_HOST", "127.0.0.1"), Integer.parseInt(env("TEST_RABBITMQ_PORT", "5673")),
                env("TEST_RABBITMQ_USER", "guest"), env("TEST_RABBITMQ_PASSWORD", "guest"),
                env("TEST_RABBITMQ_VHOST", "provtest-test"));
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

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

package io.provtest.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Real PostgreSQL and RabbitMQ for a {@code @QuarkusTest}: containers where a Docker engine answers, otherwise the
 * servers the project's {@code scripts/infra.sh} started (a test database and a test vhost, so a running system is
 * never disturbed). {@code TEST_INFRA=local} forces the local servers.
 */
public class InfraResource implements QuarkusTestResourceLifecycleManager {

    private PostgreSQLContainer postgres;
    private RabbitMQContainer rabbit;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        if (dockerAvailable()) {
            postgres = new PostgreSQLContainer("postgres:15-alpine");
            rabbit = new RabbitMQContainer("rabbitmq:3.10-management-alpine");
            postgres.start();
            rabbit.start();
            config.put("db.host", postgres.getHost());
            config.put("db.port", String.valueOf(postgres.getMappedPort(5432)));
            config.put("db.name", postgres.getDatabaseName());
            config.put("quarkus.datasource.username", postgres.getUsername());
            config.put("quarkus.datasource.password", postgres.getPassword());
            config.put("broker.host", rabbit.getHost());
            config.put("broker.port", String.valueOf(rabbit.getAmqpPort()));
            config.put("broker.username", rabbit.getAdminUsername());
            config.put("broker.password", rabbit.getAdminPassword());
            config.put("broker.virtual-host", "/");
        } else {
            LocalInfra local = LocalInfra.fromEnvironment();
            config.put("db.host", local.pgHost());
            config.put("db.port", String.valueOf(local.pgPort()));
            config.put("db.name", local.pgDatabase());
            config.put("quarkus.datasource.username", local.pgUser());
            config.put("quarkus.datasource.password", local.pgPassword());
            config.put("broker.host", local.rabbitHost());
            config.put("broker.port", String.valueOf(local.rabbitPort()));
            config.put("broker.username", local.rabbitUser());
            config.put("broker.password", local.rabbitPassword());
            config.put("broker.virtual-host", local.rabbitVhost());
        }
        config.put("quarkus.flyway.clean-disabled", "false");
        config.put("quarkus.flyway.clean-at-start", "true");
        config.put("broker.connect-timeout", "20s");
        return config;
    }

    @Override
    public void stop() {
        if (rabbit != null) {
            rabbit.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    static boolean dockerAvailable() {
        if ("local".equalsIgnoreCase(System.getenv("TEST_INFRA"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }
}

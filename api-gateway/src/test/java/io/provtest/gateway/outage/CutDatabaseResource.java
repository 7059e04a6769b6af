package io.provtest.gateway.outage;

import io.provtest.testing.InfraResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link InfraResource}'s real PostgreSQL and RabbitMQ, with the application's reactive database connections (all of
 * its reads and writes) going through a {@link CuttableProxy}, so that a test can take the database away and give it
 * back as a restart does. Flyway's JDBC connection at start goes straight to the server.
 */
public class CutDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static volatile CuttableProxy proxy;
    private final InfraResource infra = new InfraResource();

    static CuttableProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(infra.start());
        try {
            proxy = new CuttableProxy(config.get("db.host"), Integer.parseInt(config.get("db.port")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + proxy.port() + "/" + config.get("db.name"));
        return config;
    }

    @Override
    public void stop() {
        try {
            proxy.close();
        } catch (IOException ignored) {
            // the test is over
        }
        infra.stop();
    }
}

package io.provtest.common.rpc;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the service takes requests, which it does only once everything it needs has started. */
@Readiness
@Singleton
public class RpcServerHealthCheck implements HealthCheck {

    private final AmqpRpcServer server;

    public RpcServerHealthCheck(AmqpRpcServer server) {
        this.server = server;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rpc-server").status(server.serving()).build();
    }
}

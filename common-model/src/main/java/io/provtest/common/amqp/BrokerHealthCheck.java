package io.provtest.common.amqp;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the broker connection is down or still re-declaring its queues and consumers (it recovers by itself). */
@Readiness
@Singleton
public class BrokerHealthCheck implements HealthCheck {

    private final Broker broker;

    public BrokerHealthCheck(Broker broker) {
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rabbitmq").status(broker.isReady()).build();
    }
}

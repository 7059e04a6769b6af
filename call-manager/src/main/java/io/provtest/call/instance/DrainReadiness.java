package io.provtest.call.instance;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once draining: a load balancer or Kubernetes sends this instance no new work. */
@Readiness
@Singleton
public class DrainReadiness implements HealthCheck {

    private final Drain drain;

    public DrainReadiness(Drain drain) {
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("call-drain").status(!drain.draining()).build();
    }
}

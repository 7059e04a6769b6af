package io.provtest.common.event;

import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down while the events channel has stopped confirming with the broker there ({@link ConfirmWatch}): a channel in that
 * state does not heal by itself, and a restart relays what waits in the outbox. Up in every other case, a broker
 * outage included (the channel reconnects by itself).
 */
@Liveness
@Singleton
public class EventsChannelHealthCheck implements HealthCheck {

    private final MessagingEventPublisher events;

    public EventsChannelHealthCheck(MessagingEventPublisher events) {
        this.events = events;
    }

    @Override
    public HealthCheckResponse call() {
        Duration stalled = events.stalledFor();
        return stalled == null
                ? HealthCheckResponse.up(MessagingEventPublisher.CHANNEL + "-confirms")
                : HealthCheckResponse.named(MessagingEventPublisher.CHANNEL + "-confirms").down()
                        .withData("unconfirmed_for_seconds", stalled.toSeconds()).build();
    }
}

package io.provtest.common.event;

/** Publishes this service's events to its exchange {@code <service>.events}. */
public interface EventPublisher {

    /**
     * Returns once the broker has confirmed the event; throws a typed UNAVAILABLE error if it did not within the
     * confirm timeout, so that nothing is reported as published before it was.
     */
    void publish(String type, Object data);
}

package io.provtest.common.api.route;

/** The part of {@code GET /v1/customers/{id}/outbound_config} a caller enforces: its limits, 0 when not set. */
public record OutboundConfig(int callsPerSecond, int maxConcurrentCalls) {
}

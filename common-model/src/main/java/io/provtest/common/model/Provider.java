package io.provtest.common.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A SIP carrier as route-manager stores and shows it, and as call-manager reads it to dial. */
public record Provider(UUID id, String type, String hostname, String techPrefix, String techPostfix,
                       Map<String, String> techHeaders, String transport, String name, String detail, String codecs,
                       String healthStatus, Instant healthCheckedAt, String healthReason, Double healthRttMs,
                       int healthSuccesses, int healthFailures,
                       Instant tmCreate, Instant tmUpdate, Instant tmDelete) {

    public static final String HEALTH_UNKNOWN = "unknown";

    public boolean deleted() {
        return tmDelete != null;
    }
}

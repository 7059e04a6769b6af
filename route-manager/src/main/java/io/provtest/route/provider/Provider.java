package io.provtest.route.provider;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A SIP carrier, as stored and as shown (snake_case on the wire). */
public record Provider(UUID id, String type, String hostname, String techPrefix, String techPostfix,
                       Map<String, String> techHeaders, String name, String detail, String codecs,
                       String healthStatus, Instant healthCheckedAt,
                       Instant tmCreate, Instant tmUpdate, Instant tmDelete) {

    public static final String HEALTH_UNKNOWN = "unknown";

    public boolean deleted() {
        return tmDelete != null;
    }
}

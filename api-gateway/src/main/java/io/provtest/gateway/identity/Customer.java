package io.provtest.gateway.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * The customer as the API shows it; {@code webhook_uri} is {@code ""} when it has no webhook. {@code status}:
 * {@code active} or {@code frozen} (no outgoing calls).
 */
public record Customer(UUID id, String name, String detail, String webhookUri, String webhookMethod, String status,
                       Instant tmCreate, Instant tmUpdate, Instant tmDelete) {

    public static final String ACTIVE = "active";
    public static final String FROZEN = "frozen";

    /** An active customer without a webhook. */
    public Customer(UUID id, String name, String detail, Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
        this(id, name, detail, "", "POST", ACTIVE, tmCreate, tmUpdate, tmDelete);
    }
}

package io.provtest.gateway.identity;

import java.time.Instant;
import java.util.UUID;

/** The customer as the API shows it; {@code webhook_uri} is {@code ""} when it has no webhook. */
public record Customer(UUID id, String name, String detail, String webhookUri, String webhookMethod, Instant tmCreate,
                       Instant tmUpdate, Instant tmDelete) {

    /** A customer without a webhook. */
    public Customer(UUID id, String name, String detail, Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
        this(id, name, detail, "", "POST", tmCreate, tmUpdate, tmDelete);
    }
}

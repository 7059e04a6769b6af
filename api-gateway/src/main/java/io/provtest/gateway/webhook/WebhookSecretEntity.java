package io.provtest.gateway.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Table {@code webhook_secret}: one signing secret per customer, encrypted ({@link SecretCipher}; read and written
 * through {@link WebhookSecretRepository}). Never serialised, never logged.
 */
@Entity
@Table(name = "webhook_secret")
public class WebhookSecretEntity extends PanacheEntityBase {

    @Id
    public UUID customerId;
    public String secret;
    public Instant tmCreate;

    @Override
    public String toString() {
        return "WebhookSecret<" + customerId + ">"; // never the secret
    }
}

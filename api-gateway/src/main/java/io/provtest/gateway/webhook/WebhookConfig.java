package io.provtest.gateway.webhook;

import io.provtest.common.address.AllowList;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Webhook delivery settings ({@code WEBHOOK_*}); README "Webhooks" lists them with their defaults. */
@ConfigMapping(prefix = "webhook")
public interface WebhookConfig {

    /**
     * {@code WEBHOOK_ALLOWED_HOSTS}: the operator's exceptions to the address rules for webhook URIs (comma list of
     * host or host:port; empty by default).
     */
    Optional<String> allowedHosts();

    /**
     * {@code WEBHOOK_SECRET_KEY}: the text the key that encrypts the signing secrets at rest is derived from
     * (SHA-256, AES-256-GCM). Unset: derived from {@code JWT_SECRET} (under another label). Changing it makes the
     * stored secrets unreadable: rotate them.
     */
    Optional<String> secretKey();

    /** Deliveries in flight at once, per replica (each holds one sender thread while it waits for the answer). */
    @WithDefault("8")
    int senders();

    @WithDefault("5s")
    Duration connectTimeout();

    /** The whole attempt: name resolution, connection, request and the answer's status line. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** The pause after the first failed attempt; it doubles after each further one, up to {@link #maxRetryInterval}. */
    @WithDefault("5s")
    Duration firstRetry();

    @WithDefault("10m")
    Duration maxRetryInterval();

    /** No attempt is started later than this after the event came in; the delivery is then {@code failed}. */
    @WithDefault("24h")
    Duration giveUpAfter();

    /** How often the dispatcher looks for due deliveries when nothing woke it. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a claimed delivery is reserved for the replica that claimed it (longer than one attempt). */
    @WithDefault("60s")
    Duration claimLease();

    /** Finished deliveries (delivered, failed, refused) stay in the log this long. */
    @WithDefault("7d")
    Duration retention();

    /**
     * How often the broker's webhook routing is compared with the customers' table ({@link WebhookRouting}): the
     * longest a webhook set or removed through another replica, or a bind the broker refused, waits to take effect.
     */
    @WithDefault("30s")
    Duration routingCheckInterval();

    default AllowList allowList() {
        return AllowList.parse(allowedHosts().orElse(""));
    }
}

package io.provtest.gateway.webhook;

import io.provtest.common.address.AddressRules;
import io.provtest.common.address.AllowList;
import io.provtest.common.db.Db;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.FieldViolation;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CustomerScope;
import io.provtest.gateway.auth.Permission;
import io.provtest.gateway.identity.Customer;
import io.provtest.gateway.identity.CustomerEntity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Customers' webhook settings, signing secrets and the delivery log. Called from REST worker threads. */
@Singleton
public class WebhookService {

    /** What {@code POST /v1.0/customers/{id}/webhook_secret} answers: the only time the secret is shown. */
    public record SecretShown(UUID customerId, String secret, Instant tmCreate) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookSecretRepository secrets;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookRouting routing;
    private final AllowList allowed;

    public WebhookService(WebhookSecretRepository secrets, WebhookDeliveryRepository deliveries,
                          WebhookRouting routing, WebhookConfig config) {
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.routing = routing;
        this.allowed = config.allowList();
    }

    /**
     * The customer's webhook after a create or update ({@code webhook_uri}, {@code webhook_method}; null keeps the
     * current value): 400 INVALID_ARGUMENT naming the field, or 400 {@value AddressRules#NOT_ALLOWED} when the
     * URI's host is a refused address literal not in {@code WEBHOOK_ALLOWED_HOSTS}.
     */
    public WebhookTarget target(WebhookTarget current, String uri, String method) {
        Validation v = new Validation();
        WebhookTarget target = WebhookTarget.merge(v, current, uri, method);
        v.throwIfInvalid("INVALID_ARGUMENT");
        String refused = target.refusedLiteral(allowed);
        if (refused != null) {
            throw AddressRules.notAllowed("webhook_uri", refused);
        }
        return target;
    }

    /**
     * Inside the customer's create/update transaction: a customer that gets a webhook without having a secret gets
     * one, so every delivery is signed (its admin learns it by rotating it).
     */
    public Uni<Void> ensureSecret(CustomerEntity customer) {
        return customer.webhookUri == null || customer.webhookUri.isEmpty() ? Uni.createFrom().voidItem()
                : secrets.putIfAbsent(customer.id, newSecret(), Instant.now());
    }

    /**
     * After a customer's create, update or delete committed: the broker routes its events to the webhook queues
     * from now on, or no longer.
     */
    public void customerChanged(Customer customer) {
        routing.customerChanged(customer.id(), customer.tmDelete() == null && customer.webhookUri() != null
                && !customer.webhookUri().isEmpty());
    }

    /** Creates or replaces the signing secret: super-admin, or a CustomerAdmin of that customer. */
    public SecretShown rotateSecret(Caller caller, UUID customerId) {
        if (!caller.may(customerId, Permission.CUSTOMER_ADMIN)) {
            throw ServiceException.forbidden();
        }
        String secret = newSecret();
        Instant now = Instant.now();
        Db.transaction(() -> CustomerEntity.<CustomerEntity>findById(customerId)
                .onItem().ifNull().failWith(() -> ServiceException.notFound("CUSTOMER_NOT_FOUND",
                        "The customer was not found."))
                .chain(customer -> customer.tmDelete != null
                        ? Uni.createFrom().failure(new ServiceException(ErrorStatus.FAILED_PRECONDITION,
                                "STATE_INVALID", "The customer was deleted."))
                        : secrets.put(customerId, secret, now)));
        return new SecretShown(customerId, secret, now);
    }

    /** The log, newest first: everything for a super-admin (or one customer's), the caller's own otherwise. */
    public Page<WebhookDelivery> list(Caller caller, String customerId, String pageToken, int pageSize) {
        requireRole(caller);
        UUID filter = customerId == null || customerId.isBlank() ? null : parseCustomerId(customerId);
        if (!caller.isSuperAdmin()) {
            if (filter != null && !filter.equals(caller.customerId())) {
                throw ServiceException.forbidden();
            }
            filter = caller.customerId();
        }
        UUID customer = filter;
        PageToken after = PageToken.decode(pageToken);
        List<WebhookDelivery> rows = Db.read(() -> deliveries.page(customer, after, pageSize))
                .stream().map(WebhookDeliveryEntity::toDelivery).toList();
        return Page.of(rows, pageSize, WebhookDelivery::tmCreate, WebhookDelivery::id);
    }

    public WebhookDelivery get(Caller caller, UUID id) {
        requireRole(caller);
        WebhookDeliveryEntity row = Db.read(() -> deliveries.findById(id));
        if (row == null) {
            throw ServiceException.notFound("WEBHOOK_DELIVERY_NOT_FOUND", "The webhook delivery was not found.");
        }
        if (!caller.may(row.customerId, CustomerScope.ROLES)) {
            throw ServiceException.forbidden();
        }
        return row.toDelivery();
    }

    /** Super-admin, CustomerAdmin or CustomerManager, decided before anything is read. */
    private static void requireRole(Caller caller) {
        if (!caller.isSuperAdmin() && (caller.permission() & CustomerScope.ROLES) == 0) {
            throw ServiceException.forbidden();
        }
    }

    private static UUID parseCustomerId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "customer_id: must be a UUID",
                    List.of(new FieldViolation("customer_id", "must be a UUID")));
        }
    }

    /** {@code whsec_} and 32 random bytes, base64url: 256 bits, as long as the HMAC's own output. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

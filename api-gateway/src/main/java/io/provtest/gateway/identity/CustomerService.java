package io.provtest.gateway.identity;

import io.provtest.common.db.Db;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.webhook.WebhookService;
import io.provtest.gateway.webhook.WebhookTarget;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Customers (super-admin only; the resources check that first). Called from REST worker threads, but for
 * {@link #statusOfNow}, which waits for nothing.
 */
@Singleton
public class CustomerService {

    /**
     * {@code webhook_uri} / {@code webhook_method}: null keeps the current value, {@code webhook_uri: ""} removes it.
     * {@code status} ({@code active} or {@code frozen}): null keeps the current one (a new customer is active).
     */
    public record CustomerInput(@Size(max = 255, message = "must be at most 255 characters") String name,
                                @Size(max = 2048, message = "must be at most 2048 characters") String detail,
                                @Size(max = 2048, message = "must be at most 2048 characters") String webhookUri,
                                @Size(max = 8) String webhookMethod,
                                @Size(max = 16) String status) {
    }

    private final CustomerRepository customers;
    private final AgentRepository agents;
    private final AccessKeyRepository accessKeys;
    private final IdentityStore identities;
    private final WebhookService webhooks;

    public CustomerService(CustomerRepository customers, AgentRepository agents, AccessKeyRepository accessKeys,
                           IdentityStore identities, WebhookService webhooks) {
        this.customers = customers;
        this.agents = agents;
        this.accessKeys = accessKeys;
        this.identities = identities;
        this.webhooks = webhooks;
    }

    public Customer create(CustomerInput input) {
        CustomerInput valid = validate(input);
        WebhookTarget target = webhooks.target(WebhookTarget.NONE, valid.webhookUri(), valid.webhookMethod());
        Customer customer = new Customer(Ids.random(), valid.name(), valid.detail(), target.uri(), target.method(),
                valid.status() == null ? Customer.ACTIVE : valid.status(), Times.now(), null, null);
        Customer created = Db.transaction(() -> customers.persistAndFlush(CustomerEntity.of(customer))
                        .call(webhooks::ensureSecret))
                .toCustomer();
        webhooks.customerChanged(created);
        return created;
    }

    public Customer get(UUID id) {
        CustomerEntity found = Db.read(() -> customers.findById(id));
        if (found == null) {
            throw notFound();
        }
        return found.toCustomer();
    }

    public Page<Customer> list(String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        List<Customer> rows = Db.read(() -> customers.listLive(after, pageSize))
                .stream().map(CustomerEntity::toCustomer).toList();
        return Page.of(rows, pageSize, Customer::tmCreate, Customer::id);
    }

    public Customer update(UUID id, CustomerInput input) {
        CustomerInput valid = validate(input);
        WebhookTarget target = webhooks.target(WebhookTarget.NONE, valid.webhookUri(), valid.webhookMethod());
        String webhookUri = valid.webhookUri() == null ? null : target.uri();
        String webhookMethod = valid.webhookMethod() == null ? null : target.method();
        Customer updated = Db.transaction(() -> customers.update(id, valid.name(), valid.detail(), webhookUri,
                        webhookMethod, valid.status(), Times.now())
                .chain(changed -> changed ? customers.findById(id) : Uni.createFrom().failure(notFound()))
                .call(webhooks::ensureSecret))
                .toCustomer();
        webhooks.customerChanged(updated);
        return updated;
    }

    /**
     * Soft delete, idempotent: a deleted customer is answered as it was deleted. Its agents and access keys are
     * deleted in the same transaction, and the caller cache dropped, so none of their tokens or keys works after
     * the answer. The caller's own customer cannot be deleted (that would lock the caller out with it).
     */
    public Customer delete(Caller caller, UUID id) {
        Instant now = Times.now();
        Customer deleted = Db.transaction(() -> customers.findById(id)
                .onItem().ifNull().failWith(CustomerService::notFound)
                .invoke(current -> {
                    if (current.id.equals(caller.customerId())) {
                        throw new ServiceException(ErrorStatus.FAILED_PRECONDITION, "CANNOT_DELETE_OWN_CUSTOMER",
                                "The caller's own customer cannot be deleted.");
                    }
                })
                .chain(current -> customers.softDelete(id, now)
                        .call(() -> agents.softDeleteOfCustomer(id, now))
                        .call(() -> accessKeys.softDeleteOfCustomer(id, now))
                        .chain(changed -> changed ? customers.reload(current) : Uni.createFrom().item(current))))
                .toCustomer();
        identities.invalidate();
        webhooks.customerChanged(deleted);
        return deleted;
    }

    private static CustomerInput validate(CustomerInput input) {
        if (input == null) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body is missing.");
        }
        Validation v = new Validation();
        String name = IdentityRules.text(v, "name", input.name(), 255);
        String detail = IdentityRules.text(v, "detail", input.detail(), 2048);
        if (input.status() != null && !Customer.ACTIVE.equals(input.status())
                && !Customer.FROZEN.equals(input.status())) {
            v.reject("status", "must be active or frozen");
        }
        v.throwIfInvalid("INVALID_ARGUMENT");
        return new CustomerInput(name, detail, input.webhookUri(), input.webhookMethod(), input.status());
    }

    /**
     * The customer's status as stored, read at each outgoing call request (one read by key) so that a freeze holds
     * from the next request on, on every replica; a customer that is gone counts as frozen.
     */
    public String statusOf(UUID id) {
        return Db.statements(() -> customers.storedStatus(id));
    }

    /**
     * The same without waiting, for a resource that runs on the event loop; a failure is the typed error
     * {@link #statusOf} would throw (503 DATABASE_UNAVAILABLE when the database is not reachable).
     */
    public Uni<String> statusOfNow(UUID id) {
        return customers.storedStatus(id).onFailure().transform(Db::failure);
    }

    static ServiceException notFound() {
        return ServiceException.notFound("CUSTOMER_NOT_FOUND", "The customer was not found.");
    }
}

package io.provtest.gateway.identity;

import io.provtest.common.db.Jdbc;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import jakarta.inject.Singleton;
import java.util.UUID;
import javax.sql.DataSource;

@Singleton
public class CustomerService {

    public record CustomerInput(String name, String detail) {
    }

    private final Jdbc jdbc;
    private final CustomerRepository customers;

    public CustomerService(DataSource dataSource, CustomerRepository customers) {
        this.jdbc = new Jdbc(dataSource);
        this.customers = customers;
    }

    public Customer create(CustomerInput input) {
        CustomerInput valid = validate(input);
        return jdbc.read(c -> customers.insert(c, Ids.random(), valid.name(), valid.detail(), Times.now()));
    }

    public Customer get(UUID id) {
        return jdbc.read(c -> customers.find(c, id)).orElseThrow(CustomerService::notFound);
    }

    public Page<Customer> list(String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        return Page.of(jdbc.read(c -> customers.listLive(c, after, pageSize)), pageSize, Customer::tmCreate, Customer::id);
    }

    public Customer update(UUID id, CustomerInput input) {
        CustomerInput valid = validate(input);
        return jdbc.read(c -> customers.update(c, id, valid.name(), valid.detail(), Times.now()))
                .orElseThrow(CustomerService::notFound);
    }

    /** Soft delete, idempotent: a deleted customer is answered as it was deleted. */
    public Customer delete(UUID id) {
        return jdbc.inTransaction(c -> {
            var deleted = customers.softDelete(c, id, Times.now());
            return deleted.isPresent() ? deleted.get() : customers.find(c, id).orElseThrow(CustomerService::notFound);
        });
    }

    private static CustomerInput validate(CustomerInput input) {
        if (input == null) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body is missing.");
        }
        Validation v = new Validation();
        String name = IdentityRules.text(v, "name", input.name(), 255);
        String detail = IdentityRules.text(v, "detail", input.detail(), 2048);
        v.throwIfInvalid("INVALID_ARGUMENT");
        return new CustomerInput(name, detail);
    }

    static ServiceException notFound() {
        return ServiceException.notFound("CUSTOMER_NOT_FOUND", "The customer was not found.");
    }
}

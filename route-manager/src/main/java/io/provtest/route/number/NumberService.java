package io.provtest.route.number;

import io.provtest.common.db.Db;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Numbers: a customer's telephone numbers, the sources its calls may go out with. One live row per number (a unique
 * index among live rows): registering or moving a number another customer holds is 409 NUMBER_TAKEN, also when two
 * requests race. Each change publishes its event, confirmed before it commits.
 */
@Singleton
public class NumberService {

    public static final String CREATED = "number_created";
    public static final String UPDATED = "number_updated";
    public static final String DELETED = "number_deleted";

    private final NumberRepository numbers;
    private final EventPublisher events;

    public NumberService(NumberRepository numbers, EventPublisher events) {
        this.numbers = numbers;
        this.events = events;
    }

    public NumberEntity.PhoneNumber create(NumberRules.Spec spec) {
        NumberRules.Spec valid = NumberRules.validate(spec);
        NumberEntity e = new NumberEntity();
        e.id = Ids.random();
        e.set(valid);
        e.tmCreate = Times.now();
        return unique(valid.number(), () -> Db.transaction(() -> numbers.persistAndFlush(e)
                .map(NumberEntity::toWire)
                .call(created -> events.publishing(CREATED, created))));
    }

    /** Deleted numbers are answered too. */
    public NumberEntity.PhoneNumber get(UUID id) {
        NumberEntity found = Db.read(() -> numbers.findById(id));
        if (found == null) {
            throw notFound();
        }
        return found.toWire();
    }

    public Page<NumberEntity.PhoneNumber> list(UUID customerId, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        List<NumberEntity.PhoneNumber> rows = Db.read(() -> numbers.listLive(customerId, after, pageSize)).stream()
                .map(NumberEntity::toWire).toList();
        return Page.of(rows, pageSize, NumberEntity.PhoneNumber::tmCreate, NumberEntity.PhoneNumber::id);
    }

    /** Full replace of a live number (its owner included: the gateway lets only a super-admin move it). */
    public NumberEntity.PhoneNumber replace(UUID id, NumberRules.Spec spec) {
        NumberRules.Spec valid = NumberRules.validate(spec);
        return unique(valid.number(), () -> Db.transaction(() -> numbers.findById(id).chain(found -> {
            if (found == null || found.tmDelete != null) {
                throw notFound();
            }
            found.set(valid);
            found.tmUpdate = Times.now();
            return numbers.flush().replaceWith(found);
        }).map(NumberEntity::toWire).call(updated -> events.publishing(UPDATED, updated))));
    }

    /** Soft delete, idempotent: a second DELETE answers the record as deleted and publishes nothing. */
    public NumberEntity.PhoneNumber delete(UUID id) {
        Instant now = Times.now();
        return Db.transaction(() -> numbers.softDelete(id, now)
                .chain(changed -> numbers.findById(id)
                        .onItem().ifNull().failWith(NumberService::notFound)
                        .map(NumberEntity::toWire)
                        .call(deleted -> changed ? events.publishing(DELETED, deleted) : Uni.createFrom().voidItem())));
    }

    /** The unique index of live numbers answers a number another row holds: 409 NUMBER_TAKEN. */
    private static <T> T unique(String number, Supplier<T> work) {
        try {
            return work.get();
        } catch (ServiceException e) {
            if (e.error().status() == ErrorStatus.ALREADY_EXISTS) {
                throw new ServiceException(ErrorStatus.ALREADY_EXISTS, "NUMBER_TAKEN",
                        "The number " + number + " is already registered.");
            }
            throw e;
        }
    }

    static ServiceException notFound() {
        return ServiceException.notFound("NUMBER_NOT_FOUND", "The number was not found.");
    }
}

package io.provtest.gateway.identity;

import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.Permission;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Access keys: a CustomerAdmin manages its own customer's; a super-admin lists ({@code ?customer_id=}), reads and
 * deletes any customer's (to revoke a leaked key without logging in as that customer) and creates its own.
 */
@Singleton
public class AccessKeyService {

    static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);
    static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    /** {@code expire} is the lifetime in seconds from now. */
    public record AccessKeyInput(@Size(max = 255, message = "must be at most 255 characters") String name, @Size(max = 2048, message = "must be at most 2048 characters") String detail,
                                 @Positive(message = "seconds from now, 1 to 315360000") Long expire) {
    }

    private final AccessKeyRepository keys;
    private final IdentityStore identities;

    public AccessKeyService(AccessKeyRepository keys, IdentityStore identities) {
        this.keys = keys;
        this.identities = identities;
    }

    /** The answer carries the key itself; it is never shown again. */
    public AccessKey create(Caller caller, AccessKeyInput input) {
        requireAdmin(caller);
        AccessKeyInput body = input == null ? new AccessKeyInput(null, null, null) : input;
        Validation v = new Validation();
        String name = IdentityRules.text(v, "name", body.name(), 255);
        String detail = IdentityRules.text(v, "detail", body.detail(), 2048);
        Duration lifetime = body.expire() == null ? DEFAULT_LIFETIME : Duration.ofSeconds(body.expire());
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            v.reject("expire", "seconds from now, 1 to " + MAX_LIFETIME.toSeconds());
        }
        v.throwIfInvalid("INVALID_ARGUMENT");
        String token = AccessKeyTokens.generate();
        Instant now = Times.now();
        AccessKeyEntity key = AccessKeyEntity.create(Ids.random(), caller.customerId(), name, detail,
                AccessKeyTokens.hash(token), AccessKeyTokens.hint(token), now.plus(lifetime), now);
        return Db.transaction(() -> keys.persistAndFlush(key)).toAccessKey().withToken(token);
    }

    /** The live keys of {@code customerId} (the caller's own customer when null). */
    public Page<AccessKey> list(Caller caller, UUID customerId, String pageToken, int pageSize) {
        requireAdmin(caller);
        UUID customer = customerId == null ? caller.customerId() : customerId;
        if (!caller.may(customer, Permission.CUSTOMER_ADMIN)) {
            throw ServiceException.forbidden();
        }
        PageToken after = PageToken.decode(pageToken);
        List<AccessKey> rows = Db.read(() -> keys.listLive(customer, after, pageSize))
                .stream().map(AccessKeyEntity::toAccessKey).toList();
        return Page.of(rows, pageSize, AccessKey::tmCreate, AccessKey::id);
    }

    public AccessKey get(Caller caller, UUID id) {
        requireAdmin(caller);
        AccessKeyEntity found = Db.read(() -> keys.findById(id));
        if (found == null) {
            throw notFound();
        }
        return owned(caller, found.toAccessKey());
    }

    public AccessKey delete(Caller caller, UUID id) {
        requireAdmin(caller);
        // Ownership is checked on the stored row before anything changes: 403 for another customer's key.
        AccessKey deleted = Db.transaction(() -> keys.findById(id)
                .onItem().ifNull().failWith(AccessKeyService::notFound)
                .invoke(current -> owned(caller, current.toAccessKey()))
                .chain(current -> keys.softDelete(id, Times.now())
                        .chain(changed -> changed ? keys.reload(current) : Uni.createFrom().item(current))))
                .toAccessKey();
        identities.invalidate();
        return deleted;
    }

    private static AccessKey owned(Caller caller, AccessKey key) {
        if (!caller.may(key.customerId(), Permission.CUSTOMER_ADMIN)) {
            throw ServiceException.forbidden();
        }
        return key;
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isSuperAdmin() && (caller.permission() & Permission.CUSTOMER_ADMIN) == 0) {
            throw ServiceException.forbidden();
        }
    }

    static ServiceException notFound() {
        return ServiceException.notFound("ACCESSKEY_NOT_FOUND", "The access key was not found.");
    }
}

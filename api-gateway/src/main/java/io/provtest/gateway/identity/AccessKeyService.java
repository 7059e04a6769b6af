package io.provtest.gateway.identity;

import io.provtest.common.db.Jdbc;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.Permission;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/** Access keys of the caller's own customer; managing them takes CustomerAdmin (or super-admin). */
@Singleton
public class AccessKeyService {

    static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);
    static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    /** {@code expire} is the lifetime in seconds from now. */
    public record AccessKeyInput(String name, String detail, Long expire) {
    }

    private final Jdbc jdbc;
    private final AccessKeyRepository keys;
    private final IdentityStore identities;

    public AccessKeyService(DataSource dataSource, AccessKeyRepository keys, IdentityStore identities) {
        this.jdbc = new Jdbc(dataSource);
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
        return jdbc.read(c -> keys.insert(c, Ids.random(), caller.customerId(), name, detail,
                AccessKeyTokens.hash(token), AccessKeyTokens.hint(token), now.plus(lifetime), now)).withToken(token);
    }

    public Page<AccessKey> list(Caller caller, String pageToken, int pageSize) {
        requireAdmin(caller);
        PageToken after = PageToken.decode(pageToken);
        return Page.of(jdbc.read(c -> keys.listLive(c, caller.customerId(), after, pageSize)), pageSize,
                AccessKey::tmCreate, AccessKey::id);
    }

    public AccessKey get(Caller caller, UUID id) {
        requireAdmin(caller);
        return owned(caller, jdbc.read(c -> keys.find(c, id)).orElseThrow(AccessKeyService::notFound));
    }

    public AccessKey delete(Caller caller, UUID id) {
        requireAdmin(caller);
        AccessKey deleted = jdbc.inTransaction(c -> {
            AccessKey current = owned(caller, keys.find(c, id).orElseThrow(AccessKeyService::notFound));
            return keys.softDelete(c, id, Times.now()).orElse(current);
        });
        identities.invalidate();
        return deleted;
    }

    private static AccessKey owned(Caller caller, AccessKey key) {
        if (!key.customerId().equals(caller.customerId())) {
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

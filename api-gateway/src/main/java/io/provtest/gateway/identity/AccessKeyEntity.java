package io.provtest.gateway.identity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Table {@code access_key}; columns follow the field names in snake_case. Only the key's SHA-256 is stored
 * ({@link AccessKeyTokens}); the wire shape is {@link AccessKey}.
 */
@Entity
@Table(name = "access_key")
public class AccessKeyEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    public String name;
    public String detail;
    public String tokenHash;
    public String tokenHint;
    public Instant tmExpire;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    static AccessKeyEntity create(UUID id, UUID customerId, String name, String detail, String tokenHash,
                                  String tokenHint, Instant expire, Instant now) {
        AccessKeyEntity e = new AccessKeyEntity();
        e.id = id;
        e.customerId = customerId;
        e.name = name;
        e.detail = detail;
        e.tokenHash = tokenHash;
        e.tokenHint = tokenHint;
        e.tmExpire = expire;
        e.tmCreate = now;
        return e;
    }

    /** As shown after its creation: without the key. */
    public AccessKey toAccessKey() {
        return new AccessKey(id, customerId, name, detail, tokenHint, null, tmExpire, tmCreate, tmUpdate, tmDelete);
    }
}

package io.provtest.gateway.identity;

import io.provtest.common.db.WireColumns;
import io.provtest.common.db.JsonColumn;
import io.provtest.common.model.Address;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * Table {@code agent}; columns follow the field names in snake_case. The wire shape is {@link Agent}, which never
 * carries {@link #passwordHash}.
 */
@Entity
@Table(name = "agent")
public class AgentEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    public String username;
    public String passwordHash;
    public String name;
    public String detail;
    public int permission;
    @Convert(converter = WireColumns.Addresses.class)
    @ColumnTransformer(read = "cast(addresses as text)", write = JsonColumn.JSONB_WRITE)
    public List<Address> addresses;
    public String ringMethod;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    static AgentEntity create(UUID id, UUID customerId, AgentFields f, Instant now) {
        AgentEntity e = new AgentEntity();
        e.id = id;
        e.customerId = customerId;
        e.tmCreate = now;
        e.apply(f);
        return e;
    }

    /** Sets the editable fields; a null password hash keeps the current one. */
    void apply(AgentFields f) {
        username = f.username();
        if (f.passwordHash() != null) {
            passwordHash = f.passwordHash();
        }
        name = f.name();
        detail = f.detail();
        permission = f.permission();
        addresses = f.addresses();
        ringMethod = f.ringMethod();
    }

    boolean live() {
        return tmDelete == null;
    }

    public Agent toAgent() {
        return new Agent(id, customerId, username, name, detail, permission, List.copyOf(addresses), ringMethod,
                tmCreate, tmUpdate, tmDelete);
    }
}

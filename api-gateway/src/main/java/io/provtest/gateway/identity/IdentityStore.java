package io.provtest.gateway.identity;

import io.provtest.common.db.Db;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.Permission;
import io.provtest.gateway.auth.TokenVersion;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a verified token or a presented access key into a {@link Caller} from the current identity records. A few
 * seconds of caching keep the per-request cost off the database; changes made through this gateway drop the cache
 * at once, changes through another replica are seen within {@link #TTL_MS}. Called by the identity provider and
 * augmentor of Quarkus Security inside {@code runBlocking}, on a worker thread, so the database read may wait there.
 */
@Singleton
public class IdentityStore {

    static final long TTL_MS = 5_000;
    private static final int MAX_ENTRIES = 10_000;

    private final AgentRepository agents;
    private final AccessKeyRepository accessKeys;
    private final Map<Object, Cached> cache = new ConcurrentHashMap<>();

    public IdentityStore(AgentRepository agents, AccessKeyRepository accessKeys) {
        this.agents = agents;
        this.accessKeys = accessKeys;
    }

    private record Cached(Optional<Caller> caller, long until) {
    }

    public Optional<Caller> activeAgentCaller(UUID agentId) {
        return cached(agentId, () -> Optional.ofNullable(Db.read(() -> agents.findById(agentId)))
                .filter(AgentEntity::live)
                .map(a -> new Caller(Caller.Kind.AGENT, a.id, null, a.customerId, a.permission, a.username,
                        TokenVersion.of(a.passwordHash, a.permission))));
    }

    /**
     * The live agent's caller when this replica's cache holds a fresh one, without waiting for anything (the event
     * loop may ask); empty when only a read can tell, including an agent known to be gone.
     */
    public Optional<Caller> cachedActiveAgentCaller(UUID agentId) {
        Cached hit = cache.get(agentId);
        return hit != null && hit.until > System.currentTimeMillis() ? hit.caller : Optional.empty();
    }

    /** An access key acts as CustomerAdmin of its customer. */
    public Optional<Caller> accessKeyCaller(String key, Instant now) {
        String hash = AccessKeyTokens.hash(key);
        return cached(hash, () -> Optional.ofNullable(Db.read(() -> accessKeys.findUsable(hash, now)))
                .map(k -> new Caller(Caller.Kind.ACCESS_KEY, null, k.id, k.customerId, Permission.CUSTOMER_ADMIN,
                        null, null)));
    }

    public void invalidate() {
        cache.clear();
    }

    private Optional<Caller> cached(Object key, java.util.function.Supplier<Optional<Caller>> load) {
        long now = System.currentTimeMillis();
        Cached hit = cache.get(key);
        if (hit != null && hit.until > now) {
            return hit.caller;
        }
        Optional<Caller> caller = load.get();
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear(); // bounded: a flood of made-up keys must not grow the heap
        }
        cache.put(key, new Cached(caller, now + TTL_MS));
        return caller;
    }
}

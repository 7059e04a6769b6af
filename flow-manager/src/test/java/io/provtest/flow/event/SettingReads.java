package io.provtest.flow.event;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A configuration source for tests that holds nothing and counts how often the configuration asked it for one of
 * the names below. Ahead of every other source, it sees each read of those names that reaches the sources at all.
 */
public final class SettingReads implements ConfigSource {

    private static final Map<String, AtomicLong> READS = new ConcurrentHashMap<>(Map.of(
            "mp.messaging.outgoing.events.retry-on-fail-attempts", new AtomicLong(),
            "mp.messaging.outgoing.events.retry-on-fail-interval", new AtomicLong(),
            "mp.messaging.outgoing.events.default-routing-key", new AtomicLong()));

    static long of(String name) {
        return READS.get(name).get();
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        AtomicLong reads = READS.get(propertyName);
        if (reads != null) {
            reads.incrementAndGet();
        }
        return null;
    }

    @Override
    public String getName() {
        return "setting-reads";
    }

    @Override
    public int getOrdinal() {
        return 10_000;
    }
}

package io.provtest.common.event;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A channel's connector configuration whose typed reads are resolved once and then answered from memory.
 *
 * <p>The RabbitMQ connector (4.33) keeps the channel's {@link Config} and reads three settings from it on every
 * message it sends ({@code RabbitMQMessageSender.send}: the retry attempts, the retry interval, the default routing
 * key). Each read walks SmallRye Config's whole interceptor chain (profile, relocations, fallbacks, expressions,
 * secret keys) and then every source, twice over when the channel-level name misses and the connector-level one is
 * tried: 4.5 µs for a found value, 8.7 µs for a missing one in the packaged flow-manager, and 16 % of its JFR samples
 * at saturation (a CPU count at 40/s did not show a difference that large; bench/README.md, "The connector's settings
 * read once"). A channel's configuration is fixed once the
 * application has started, so each (name, type) is resolved by the real configuration the first time and kept,
 * missing values included. Everything else is passed through.
 */
final class SettledConfig implements Config {

    private record Key(String name, Class<?> type) {
    }

    private final Config delegate;
    private final ConcurrentMap<Key, Optional<?>> settled = new ConcurrentHashMap<>();

    SettledConfig(Config delegate) {
        this.delegate = delegate;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
        return (Optional<T>) settled.computeIfAbsent(new Key(propertyName, propertyType),
                key -> delegate.getOptionalValue(propertyName, propertyType));
    }

    @Override
    public <T> T getValue(String propertyName, Class<T> propertyType) {
        // a required setting that is missing still fails the way the real configuration fails
        return getOptionalValue(propertyName, propertyType)
                .orElseGet(() -> delegate.getValue(propertyName, propertyType));
    }

    @Override
    public ConfigValue getConfigValue(String propertyName) {
        return delegate.getConfigValue(propertyName);
    }

    @Override
    public Iterable<String> getPropertyNames() {
        return delegate.getPropertyNames();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return delegate.getConfigSources();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
        return delegate.getConverter(forType);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
    }
}

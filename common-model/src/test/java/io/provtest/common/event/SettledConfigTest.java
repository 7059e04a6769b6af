package io.provtest.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

class SettledConfigTest {

    /** A channel's configuration that counts how often each setting is resolved. */
    private static final class CountingConfig implements Config {
        final Map<String, String> values;
        final List<String> reads = new ArrayList<>();

        CountingConfig(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
            reads.add(name);
            String raw = values.get(name);
            if (raw == null) {
                return Optional.empty();
            }
            return Optional.of(type.cast(type == Integer.class ? Integer.valueOf(raw) : raw));
        }

        @Override
        public <T> T getValue(String name, Class<T> type) {
            return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name + " is not set"));
        }

        @Override
        public ConfigValue getConfigValue(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return List.of();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> type) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException();
        }
    }

    @Test
    void aSettingIsResolvedOnceHoweverOftenItIsRead() {
        CountingConfig channel = new CountingConfig(Map.of("retry-on-fail-attempts", "6",
                "default-routing-key", "unrouted"));
        SettledConfig settled = new SettledConfig(channel);

        for (int message = 0; message < 1000; message++) {
            assertEquals(6, settled.getOptionalValue("retry-on-fail-attempts", Integer.class).orElseThrow());
            assertEquals("unrouted", settled.getOptionalValue("default-routing-key", String.class).orElseThrow());
        }

        assertEquals(List.of("retry-on-fail-attempts", "default-routing-key"), channel.reads);
    }

    @Test
    void aMissingSettingIsRememberedAsMissing() {
        CountingConfig channel = new CountingConfig(Map.of());
        SettledConfig settled = new SettledConfig(channel);

        assertEquals(Optional.empty(), settled.getOptionalValue("retry-on-fail-interval", Integer.class));
        assertEquals(Optional.empty(), settled.getOptionalValue("retry-on-fail-interval", Integer.class));

        assertEquals(List.of("retry-on-fail-interval"), channel.reads);
    }

    @Test
    void theSameNameAsAnotherTypeIsResolvedByTheConfigurationAgain() {
        CountingConfig channel = new CountingConfig(Map.of("max-inflight-messages", "4096"));
        SettledConfig settled = new SettledConfig(channel);

        assertEquals("4096", settled.getOptionalValue("max-inflight-messages", String.class).orElseThrow());
        assertEquals(4096, settled.getOptionalValue("max-inflight-messages", Integer.class).orElseThrow());

        assertEquals(2, channel.reads.size());
    }

    @Test
    void aRequiredSettingThatIsMissingFailsAsTheConfigurationDoes() {
        SettledConfig settled = new SettledConfig(new CountingConfig(Map.of()));

        NoSuchElementException missing = assertThrows(NoSuchElementException.class,
                () -> settled.getValue("exchange.name", String.class));
        assertEquals("exchange.name is not set", missing.getMessage());
    }

    @Test
    void thePropertyNamesArePassedThroughAndUnwrappingFindsTheWrapper() {
        CountingConfig channel = new CountingConfig(Map.of("channel-name", "events"));
        SettledConfig settled = new SettledConfig(channel);

        assertSame(channel.values.keySet(), settled.getPropertyNames());
        assertSame(settled, settled.unwrap(SettledConfig.class));
        assertThrows(IllegalArgumentException.class, () -> settled.unwrap(String.class), "others: the channel's answer");
    }
}

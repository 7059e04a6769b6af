package io.provtest.call.instance;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives {@code call.instance-id} the derived id ({@link InstanceIdentity}) at the lowest rank, so any explicit
 * setting (application.properties, CALL_INSTANCE_ID, -D) wins. A config source rather than a default, because the
 * id is also spelled into queue names in application.properties ({@code ${call.instance-id}}).
 */
public class InstanceIdConfigSource implements ConfigSource {

    static final String KEY = "call.instance-id";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, InstanceIdentity.ofThisProcess());
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? InstanceIdentity.ofThisProcess() : null;
    }

    @Override
    public String getName() {
        return "call-manager derived instance id";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}

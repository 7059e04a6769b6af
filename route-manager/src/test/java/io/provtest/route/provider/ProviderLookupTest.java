package io.provtest.route.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.common.db.Db;
import io.provtest.common.model.Provider;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The direct read of one provider gives what the entity gives, field for field, in real PostgreSQL: every column
 * set (health included), the headers in the order the database keeps them, the times to the microsecond.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderLookupTest {

    @Inject
    ProviderLookup lookup;

    @Inject
    ProviderService service;

    @Inject
    ProviderRepository repository;

    @Inject
    DataSource dataSource;

    private Provider throughTheEntity(UUID id) {
        return Db.read(() -> repository.findById(id)).toProvider();
    }

    private static void assertSameProvider(Provider expected, Provider actual) {
        assertEquals(expected, actual);
        assertEquals(new ArrayList<>(expected.techHeaders().keySet()), new ArrayList<>(actual.techHeaders().keySet()),
                "the headers' order is the INVITE's");
    }

    @Test
    void everyFieldReadsAsTheEntityReadsIt() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Zeta", "1");
        headers.put("X-Account", "42");
        headers.put("X-Long-Header-Name", "v");
        Provider created = service.create(new ProviderSpec("sip", "lookup.example.net:5061", "9", "#1", headers,
                "lookup carrier", "detail", "PCMU,PCMA", "tcp"));
        assertSameProvider(throughTheEntity(created.id()), lookup.find(created.id()));

        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("update provider set health_status = 'healthy',"
                     + " health_checked_at = now(), health_reason = 'answered', health_rtt_ms = 12.25,"
                     + " health_successes = 3, health_failures = 1, tm_update = now() where id = ?")) {
            ps.setObject(1, created.id());
            assertEquals(1, ps.executeUpdate());
        }
        Provider healthy = lookup.find(created.id());
        assertEquals(12.25, healthy.healthRttMs());
        assertEquals(3, healthy.healthSuccesses());
        assertSameProvider(throughTheEntity(created.id()), healthy);

        service.delete(created.id());
        assertSameProvider(throughTheEntity(created.id()), lookup.find(created.id()));
    }

    @Test
    void aProviderThatDoesNotExistIsNone() {
        assertNull(lookup.find(UUID.randomUUID()));
    }
}

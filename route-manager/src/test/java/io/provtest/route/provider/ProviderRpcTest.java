package io.provtest.route.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Providers through route-manager's real request queue, stored in real PostgreSQL, events on the real broker. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderRpcTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    private RpcResponse send(String method, String uri, Object body) {
        return rpc.call("route-manager", method, uri, body, TIMEOUT);
    }

    private static Map<String, Object> carrier(String hostname) {
        return Map.of("type", "sip", "hostname", hostname, "tech_prefix", "9", "tech_postfix", "#1",
                "tech_headers", Map.of("X-Account", "42"), "name", "carrier", "detail", "test carrier",
                "codecs", " PCMU , pcma ");
    }

    @Test
    void createStoresNormalisedProviderAndPublishesConfirmedEvent() throws Exception {
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            JsonNode created = send("POST", "/v1/providers", carrier("sip.example.net:5061")).dataOrThrow();
            String id = created.get("id").asText();
            assertEquals("PCMU,PCMA", created.get("codecs").asText());
            assertEquals("unknown", created.get("health_status").asText());
            assertTrue(created.get("tm_update").isNull());
            assertTrue(created.get("tm_delete").isNull());
            assertTrue(created.get("tm_create").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
            assertNotNull(tap.await(b -> b.contains("\"provider_created\"") && b.contains(id), Duration.ofSeconds(5)));
        }
    }

    @Test
    void invalidProviderIs400AndStoresNothing() throws Exception {
        long before = count();
        RpcResponse response = send("POST", "/v1/providers", Map.of("type", "sip", "hostname", "carrier.example",
                "tech_headers", Map.of("X-Bad", "a\r\nInjected: 1")));
        assertEquals(400, response.statusCode());
        assertEquals(before, count());
    }

    @Test
    void replaceResetsHealthOnlyWhenHostnameChanges() throws Exception {
        String id = send("POST", "/v1/providers", carrier("a.example.net")).dataOrThrow().get("id").asText();
        markHealthy(id);
        JsonNode sameHost = send("PUT", "/v1/providers/" + id, carrier("a.example.net")).dataOrThrow();
        assertEquals("healthy", sameHost.get("health_status").asText());
        assertNotNull(sameHost.get("tm_update").textValue());
        JsonNode newHost = send("PUT", "/v1/providers/" + id, carrier("b.example.net")).dataOrThrow();
        assertEquals("unknown", newHost.get("health_status").asText());
        assertTrue(newHost.get("health_checked_at").isNull());
    }

    @Test
    void deleteIsSoftIdempotentAndDeletedProvidersLeaveTheList() {
        String id = send("POST", "/v1/providers", carrier("gone.example.net")).dataOrThrow().get("id").asText();
        JsonNode first = send("DELETE", "/v1/providers/" + id, null).dataOrThrow();
        String tmDelete = first.get("tm_delete").asText();
        JsonNode second = send("DELETE", "/v1/providers/" + id, null).dataOrThrow();
        assertEquals(tmDelete, second.get("tm_delete").asText(), "a second delete must not move tm_delete");
        assertEquals(tmDelete, send("GET", "/v1/providers/" + id, null).dataOrThrow().get("tm_delete").asText());
        assertTrue(allListedIds().stream().noneMatch(id::equals));
        assertEquals(404, send("PUT", "/v1/providers/" + id, carrier("x.example.net")).statusCode(),
                "a deleted provider cannot be replaced");
    }

    @Test
    void missingAndMalformedIds() {
        RpcResponse missing = send("GET", "/v1/providers/" + UUID.randomUUID(), null);
        assertEquals(404, missing.statusCode());
        assertEquals("PROVIDER_NOT_FOUND", missing.error().reason());
        assertEquals("INVALID_ID", send("GET", "/v1/providers/not-a-uuid", null).error().reason());
    }

    @Test
    void paginationListsEveryProviderExactlyOnce() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            created.add(send("POST", "/v1/providers", carrier("p" + i + ".example.net")).dataOrThrow().get("id").asText());
        }
        List<String> listed = allListedIds();
        assertEquals(listed.size(), new HashSet<>(listed).size(), "no provider may be listed twice");
        assertTrue(listed.containsAll(created), "every provider must be listed");
    }

    private List<String> allListedIds() {
        List<String> ids = new java.util.ArrayList<>();
        String token = "";
        do {
            JsonNode page = send("GET", "/v1/providers?page_size=7&page_token=" + token, null).dataOrThrow();
            page.get("result").forEach(p -> ids.add(p.get("id").asText()));
            token = page.get("next_page_token").asText();
        } while (!token.isEmpty());
        return ids;
    }

    private long count() throws Exception {
        try (var c = dataSource.getConnection(); var rs = c.createStatement().executeQuery("select count(*) from provider")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void markHealthy(String id) throws Exception {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("update provider set health_status = 'healthy', health_checked_at = now() where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            assertEquals(1, ps.executeUpdate());
        }
    }
}

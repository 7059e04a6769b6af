package io.provtest.route.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.json.Json;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a provider_probed event's data turns into. */
class ProviderProbesTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void aReplyCarriesItsCodeAndRoundTrip() throws Exception {
        UUID id = UUID.randomUUID();
        ProviderHealthService.ProbeResult result = ProviderProbes.parse(json("{\"provider_id\":\"" + id
                + "\",\"hostname\":\"carrier.example:5060\",\"status_code\":404,\"rtt_ms\":12.5}"));
        assertEquals(id, result.providerId());
        assertEquals("carrier.example:5060", result.hostname());
        assertEquals(new HealthPolicy.Probe(404, 12.5), result.probe());
    }

    @Test
    void noReplyIsANullCode() throws Exception {
        ProviderHealthService.ProbeResult result = ProviderProbes.parse(json("{\"provider_id\":\""
                + UUID.randomUUID() + "\",\"hostname\":\"h\",\"status_code\":null,\"timeout\":true,\"rtt_ms\":null}"));
        assertEquals(new HealthPolicy.Probe(null, null), result.probe());
    }

    @Test
    void anEventNamingNoProviderIsIgnored() throws Exception {
        assertNull(ProviderProbes.parse(null));
        assertNull(ProviderProbes.parse(json("{\"hostname\":\"h\",\"status_code\":200}")));
        assertNull(ProviderProbes.parse(json("{\"provider_id\":\"not-a-uuid\",\"status_code\":200}")));
    }

    @Test
    void aMissingHostnameMatchesNoProvider() throws Exception {
        assertEquals("", ProviderProbes.parse(json("{\"provider_id\":\"" + UUID.randomUUID() + "\"}")).hostname());
    }
}

package io.provtest.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.provtest.testing.EventTap;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Providers through the whole chain: HTTP → gateway → RPC → route-manager → PostgreSQL, events on the broker. */
class ProvidersEndToEndTest {

    private static String admin;

    @BeforeAll
    static void login() {
        admin = Api.admin();
    }

    private static Map<String, Object> provider(String host) {
        return Map.of("type", "sip", "hostname", host, "tech_prefix", "", "tech_postfix", "",
                "tech_headers", Map.of(), "name", "e2e", "detail", "");
    }

    @Test
    void lifecycleWithEventsCarryingTheRequestId() throws Exception {
        try (EventTap tap = Calls.tap("route-manager.events")) {
            Response created = Api.as(admin).header("X-Request-Id", "e2e-create-1").body(provider("sip.example.org"))
                    .post("/v1.0/providers");
            created.then().statusCode(200).header("X-Request-Id", "e2e-create-1").body("health_status", equalTo("unknown"));
            String id = created.path("id");
            assertNotNull(tap.await(b -> b.contains("provider_created") && b.contains(id)
                    && b.contains("\"request_id\":\"e2e-create-1\""), Duration.ofSeconds(5)));

            Api.as(admin).get("/v1.0/providers/" + id).then().statusCode(200).body("hostname", equalTo("sip.example.org"));
            Api.as(admin).body(provider("sip2.example.org")).put("/v1.0/providers/" + id).then().statusCode(200)
                    .body("hostname", equalTo("sip2.example.org")).body("tm_update", notNullValue());
            assertNotNull(tap.await(b -> b.contains("provider_updated") && b.contains(id), Duration.ofSeconds(5)));
            Api.as(admin).get("/v1.0/providers").then().statusCode(200).body("result.id", hasItem(id));

            Api.as(admin).delete("/v1.0/providers/" + id).then().statusCode(200).body("tm_delete", notNullValue());
            assertNotNull(tap.await(b -> b.contains("provider_deleted") && b.contains(id), Duration.ofSeconds(5)));
            Api.as(admin).get("/v1.0/providers/" + id).then().statusCode(200).body("tm_delete", notNullValue());
            Api.as(admin).get("/v1.0/providers").then().statusCode(200).body("result.id", not(hasItem(id)));
        }
    }

    static List<Object> injectionCorpus() {
        return List.of(
                Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("X-A", "ok\r\nVia: evil")),
                Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("X-A", "ok\nX-B: 1")),
                Map.of("type", "sip", "hostname", "h.example", "tech_prefix", "99@evil.example"),
                Map.of("type", "sip", "hostname", "h.example", "tech_prefix", "1;transport=tcp"),
                Map.of("type", "sip", "hostname", "h.example", "tech_postfix", "1>"),
                Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("Via", "SIP/2.0/UDP x")),
                Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("v", "SIP/2.0/UDP x")),
                Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("P-Asserted-Identity", "<tel:+1>")),
                Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("X-Long", "x".repeat(300))),
                Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("X-Num", 5)),
                Map.of("type", "sip", "hostname", "h.example", "name", "n".repeat(300)),
                Map.of("type", "sip", "hostname", "h.example", "codecs", "PCMU,,PCMA"),
                Map.of("type", "sip", "hostname", "h.example", "codecs", "PCMU\r\n"),
                Map.of("type", "iax", "hostname", "h.example"),
                Map.of("type", "sip", "hostname", "sip:h.example"),
                Map.of("type", "sip", "hostname", "h.example", "tech_headers", "X-A: 1"),
                Map.of("type", "sip", "hostname", 42),
                Map.of("type", "sip"));
    }

    @ParameterizedTest
    @MethodSource("injectionCorpus")
    void injectionCorpusIs400WithTheEnvelopeAndStoresNothing(Object body) {
        int before = countLive();
        Response response = Api.as(admin).body(body).post("/v1.0/providers");
        response.then().statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.request_id", equalTo(response.header("X-Request-Id")));
        assertEquals(before, countLive());
    }

    @Test
    void nonAdminsGet403ForExistingAndMissingIdsAlike() {
        String id = Api.as(admin).body(provider("x.example.org")).post("/v1.0/providers").path("id");
        String customerId = Api.as(admin).body(Map.of("name", "tenant")).post("/v1.0/customers").path("id");
        String username = "tenant-admin-" + UUID.randomUUID();
        Api.as(admin).body(Map.of("customer_id", customerId, "username", username, "password", "tenant-pass-1",
                "permission", 0x20)).post("/v1.0/agents").then().statusCode(200);
        String tenant = Api.login(username, "tenant-pass-1");
        for (String target : new String[] {id, UUID.randomUUID().toString()}) {
            Api.as(tenant).get("/v1.0/providers/" + target).then().statusCode(403)
                    .body("error.reason", equalTo("PERMISSION_DENIED"));
            Api.as(tenant).delete("/v1.0/providers/" + target).then().statusCode(403);
        }
        Api.as(admin).get("/v1.0/providers/" + UUID.randomUUID()).then().statusCode(404)
                .body("error.reason", equalTo("PROVIDER_NOT_FOUND"));
    }

    private static int countLive() {
        int count = 0;
        String token = "";
        do {
            Response page = Api.as(admin).queryParam("page_token", token).get("/v1.0/providers");
            count += page.jsonPath().getList("result").size();
            token = page.path("next_page_token");
        } while (!token.isEmpty());
        return count;
    }
}

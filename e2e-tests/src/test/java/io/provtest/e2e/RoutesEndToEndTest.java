package io.provtest.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routes and the provider dry-run through the gateway. */
class RoutesEndToEndTest {

    private static String admin;

    @BeforeAll
    static void login() {
        admin = Api.admin();
    }

    private static String provider(Map<String, Object> body) {
        return Api.as(admin).body(body).post("/v1.0/providers").then().statusCode(200).extract().path("id");
    }

    @Test
    void routeCrudForACustomerAndForTheDefaultRoutes() {
        String providerId = provider(Map.of("type", "sip", "hostname", "route.example.org"));
        String customerId = Api.as(admin).body(Map.of("name", "routed")).post("/v1.0/customers").path("id");
        String id = Api.as(admin).body(Map.of("customer_id", customerId, "provider_id", providerId, "priority", 2,
                "target", "+82", "name", "korea")).post("/v1.0/routes").then().statusCode(200)
                .body("target", equalTo("+82")).extract().path("id");
        Api.as(admin).body(Map.of("customer_id", "00000000-0000-0000-0000-000000000001", "provider_id", providerId,
                "priority", 9, "target", "all")).post("/v1.0/routes").then().statusCode(200);
        Api.as(admin).queryParam("customer_id", customerId).get("/v1.0/routes").then().statusCode(200)
                .body("result.id", hasItem(id));
        Api.as(admin).body(Map.of("customer_id", customerId, "provider_id", providerId, "priority", 1, "target", "all"))
                .put("/v1.0/routes/" + id).then().statusCode(200).body("priority", equalTo(1));
        Api.as(admin).delete("/v1.0/routes/" + id).then().statusCode(200);
        Api.as(admin).queryParam("customer_id", customerId).get("/v1.0/routes").then().statusCode(200)
                .body("result.id", not(hasItem(id)));
    }

    @Test
    void routeForAnUnknownCustomerOrProviderIs404AndBadTargetsAre400() {
        String providerId = provider(Map.of("type", "sip", "hostname", "route2.example.org"));
        Api.as(admin).body(Map.of("customer_id", UUID.randomUUID().toString(), "provider_id", providerId, "priority", 1,
                "target", "all")).post("/v1.0/routes").then().statusCode(404).body("error.reason", equalTo("CUSTOMER_NOT_FOUND"));
        Api.as(admin).body(Map.of("customer_id", "00000000-0000-0000-0000-000000000001",
                "provider_id", UUID.randomUUID().toString(), "priority", 1, "target", "all"))
                .post("/v1.0/routes").then().statusCode(404).body("error.reason", equalTo("PROVIDER_NOT_FOUND"));
        Api.as(admin).body(Map.of("customer_id", "00000000-0000-0000-0000-000000000001", "provider_id", providerId,
                "priority", 1, "target", "82")).post("/v1.0/routes").then().statusCode(400)
                .body("error.details.field", hasItem("target"));
    }

    @Test
    void previewRendersTheInviteWithoutDialing() {
        String id = provider(Map.of("type", "sip", "hostname", "10.1.2.3:5061", "tech_prefix", "0049",
                "tech_postfix", "", "tech_headers", Map.of("X-Trunk", "t1")));
        Api.as(admin).body(Map.of("destination", Map.of("type", "tel", "target", "+4930123456"),
                "source", Map.of("type", "tel", "target", "+14155551234", "target_name", "QA"), "anonymous", "no"))
                .post("/v1.0/providers/" + id + "/preview").then().statusCode(200)
                .body("request_uri", equalTo("sip:0049+4930123456@10.1.2.3:5061"))
                .body("from", equalTo("\"QA\" <sip:+14155551234@10.1.2.3>"))
                .body("headers[0].name", equalTo("X-Trunk"));
        Api.as(admin).body(Map.of("destination", Map.of("type", "tel", "target", "12345")))
                .post("/v1.0/providers/" + id + "/preview").then().statusCode(400)
                .body("error.reason", equalTo("INVALID_DESTINATION"));
    }
}

package io.provtest.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.api.RpcApis;
import io.provtest.common.api.gateway.GatewayApi;
import io.provtest.common.model.AgentDialPlan;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.time.Times;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Identity rows go through the Panache repositories: what the API writes is what the table holds (read back with
 * plain JDBC), lists are keyset pages, deletes are soft and idempotent, secrets are stored only as hashes.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class IdentityPersistenceTest {

    @Inject
    DataSource dataSource;

    @Inject
    RpcClient rpc;

    @Inject
    CustomerService customers;

    private static String admin() {
        return login("admin", "test-admin-password");
    }

    private static String login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/auth/login").then().statusCode(200).extract().path("token");
    }

    private static int loginStatus(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/auth/login").statusCode();
    }

    private static String createCustomer(String token, String name) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", name, "detail", "d-" + name))
                .post("/v1.0/customers").then().statusCode(200).extract().path("id");
    }

    /** One row of an api_gateway table as column → value (timestamps as Instants), or null when absent. */
    private GatewayApi gateway() {
        return RpcApis.client(GatewayApi.class, rpc, Duration.ofSeconds(5));
    }

    private Map<String, Object> row(String table, String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select *, cast(" + (table.equals("agent") ? "addresses" : "null")
                     + " as text) as json_text from " + table + " where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> values = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String column = rs.getMetaData().getColumnName(i);
                    Object value = column.startsWith("tm_") ? instant(rs.getObject(i, OffsetDateTime.class)) : rs.getObject(i);
                    values.put(column, value);
                }
                return values;
            }
        }
    }

    private String jsonbType(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select jsonb_typeof(addresses) from agent where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void execute(String sql, String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(id));
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static Instant time(Response response, String path) {
        String text = response.path(path);
        return text == null ? null : Times.parse(text);
    }

    @Test
    void customersAreStoredPagedNewestFirstAndSoftDeletedIdempotently() throws Exception {
        String admin = admin();
        String first = createCustomer(admin, "keyset-1");
        String second = createCustomer(admin, "keyset-2");
        String third = createCustomer(admin, "keyset-3");

        Response read = given().auth().oauth2(admin).get("/v1.0/customers/" + second);
        read.then().statusCode(200).body("name", equalTo("keyset-2")).body("detail", equalTo("d-keyset-2"));
        Map<String, Object> stored = row("customer", second);
        assertEquals("keyset-2", stored.get("name"));
        assertEquals("d-keyset-2", stored.get("detail"));
        assertEquals(time(read, "tm_create"), stored.get("tm_create"));
        assertNull(stored.get("tm_delete"));

        // Newest first, across pages, through the opaque keyset token.
        Response page1 = given().auth().oauth2(admin).queryParam("page_size", 2).get("/v1.0/customers");
        assertEquals(List.of(third, second), page1.jsonPath().getList("result.id"));
        Response page2 = given().auth().oauth2(admin).queryParam("page_size", 2)
                .queryParam("page_token", page1.<String>path("next_page_token")).get("/v1.0/customers");
        assertEquals(first, page2.jsonPath().getList("result.id").get(0));

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "renamed"))
                .put("/v1.0/customers/" + second).then().statusCode(200).body("name", equalTo("renamed"));
        assertEquals("renamed", row("customer", second).get("name"));
        assertEquals("", row("customer", second).get("detail"), "an update is a full replace");

        Response deleted = given().auth().oauth2(admin).delete("/v1.0/customers/" + second);
        deleted.then().statusCode(200);
        Instant tmDelete = time(deleted, "tm_delete");
        assertEquals(tmDelete, row("customer", second).get("tm_delete"));
        Response again = given().auth().oauth2(admin).delete("/v1.0/customers/" + second);
        again.then().statusCode(200);
        assertEquals(tmDelete, time(again, "tm_delete"), "a second delete answers the first one's result");
        assertEquals(time(deleted, "tm_update"), time(again, "tm_update"));
        assertEquals(tmDelete, row("customer", second).get("tm_delete"));

        given().auth().oauth2(admin).get("/v1.0/customers/" + second).then().statusCode(200)
                .body("tm_delete", equalTo(Times.format(tmDelete)));
        assertEquals(List.of(third, first), given().auth().oauth2(admin).queryParam("page_size", 2)
                .get("/v1.0/customers").jsonPath().getList("result.id"), "a deleted customer leaves the list");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "revived"))
                .put("/v1.0/customers/" + second).then().statusCode(404).body("error.reason", equalTo("CUSTOMER_NOT_FOUND"));
        assertEquals("renamed", row("customer", second).get("name"));
    }

    /**
     * The status every provider call and groupcall request reads (one select on the reactive client): as stored while
     * the customer lives, frozen once it is deleted or when there is no such customer.
     */
    @Test
    void aCustomersStatusIsReadAsStoredAndFrozenOnceDeletedOrUnknown() throws Exception {
        String admin = admin();
        String id = createCustomer(admin, "status-read");
        UUID customer = UUID.fromString(id);
        assertEquals("active", customers.statusOf(customer));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "status-read", "status", "frozen"))
                .put("/v1.0/customers/" + id).then().statusCode(200);
        assertEquals("frozen", customers.statusOf(customer));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "status-read", "status", "active"))
                .put("/v1.0/customers/" + id).then().statusCode(200);
        assertEquals("active", customers.statusOf(customer), "read at each request: the change holds at once");
        given().auth().oauth2(admin).delete("/v1.0/customers/" + id).then().statusCode(200);
        assertEquals("active", row("customer", id).get("status"), "a deleted customer's row keeps its status");
        assertEquals("frozen", customers.statusOf(customer), "a deleted customer counts as frozen");
        assertEquals("frozen", customers.statusOf(UUID.randomUUID()), "so does one that never existed");
    }

    @Test
    void agentsKeepAddressesAsJsonbAndOnlyABcryptHashOfThePassword() throws Exception {
        String admin = admin();
        String customer = createCustomer(admin, "agents");
        String username = "Agent-" + UUID.randomUUID();
        List<Map<String, String>> addresses = List.of(
                Map.of("type", "tel", "target", "+14155550100", "target_name", "desk"),
                Map.of("type", "sip", "target", "alice@example.test"));
        String id = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("customer_id", customer, "username", username, "password", "first-pass-1",
                        "permission", 0x10, "addresses", addresses, "ring_method", "linear"))
                .post("/v1.0/agents").then().statusCode(200).extract().path("id");

        Map<String, Object> stored = row("agent", id);
        assertEquals(UUID.fromString(customer), stored.get("customer_id"));
        assertEquals(username, stored.get("username"));
        assertEquals("linear", stored.get("ring_method"));
        assertEquals(0x10, stored.get("permission"));
        assertEquals("array", jsonbType(id));
        assertTrue(stored.get("json_text").toString().contains("\"target_name\": \"desk\""), stored.get("json_text").toString());
        String hash = (String) stored.get("password_hash");
        assertTrue(hash.startsWith("$2"), "bcrypt");
        assertEquals(addresses, given().auth().oauth2(admin).get("/v1.0/agents/" + id).jsonPath().getList("addresses"));

        // Served to call-manager over RPC, from the RPC server's worker threads: the contract of GatewayApi, the
        // shared client call-manager uses, against this module's real route.
        AgentDialPlan plan = gateway().agent(UUID.fromString(id));
        assertEquals("linear", plan.ringMethod());
        assertEquals("desk", plan.addresses().get(0).targetName());
        assertEquals(false, plan.deleted());

        // Without a password the stored hash stays; with one it changes.
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "name", "renamed", "addresses", List.of()))
                .put("/v1.0/agents/" + id).then().statusCode(200).body("name", equalTo("renamed"));
        assertEquals(hash, row("agent", id).get("password_hash"));
        assertEquals("[]", row("agent", id).get("json_text"));
        assertEquals("ring_all", row("agent", id).get("ring_method"));
        login(username.toLowerCase(), "first-pass-1");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "second-pass-2"))
                .put("/v1.0/agents/" + id).then().statusCode(200);
        assertNotEquals(hash, row("agent", id).get("password_hash"));
        assertEquals(401, loginStatus(username, "first-pass-1"));
        login(username, "second-pass-2");

        // A live username is unique whatever its case.
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("customer_id", customer, "username", username.toUpperCase(), "password", "other-pass-1"))
                .post("/v1.0/agents").then().statusCode(409).body("error.reason", equalTo("USERNAME_TAKEN"));

        Response deleted = given().auth().oauth2(admin).delete("/v1.0/agents/" + id);
        deleted.then().statusCode(200);
        Response again = given().auth().oauth2(admin).delete("/v1.0/agents/" + id);
        assertEquals(time(deleted, "tm_delete"), time(again, "tm_delete"));
        assertEquals(time(deleted, "tm_delete"), row("agent", id).get("tm_delete"));
        assertEquals(401, loginStatus(username, "second-pass-2"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "name", "revived"))
                .put("/v1.0/agents/" + id).then().statusCode(404).body("error.reason", equalTo("AGENT_NOT_FOUND"));
        assertTrue(gateway().agent(UUID.fromString(id)).deleted());
    }

    @Test
    void accessKeysStoreOnlyTheirHashAndStayWithTheirCustomer() throws Exception {
        String admin = admin();
        String customer = createCustomer(admin, "keys");
        String username = "keys-" + UUID.randomUUID();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("customer_id", customer, "username", username, "password", "secret-pass-1", "permission", 0x20))
                .post("/v1.0/agents").then().statusCode(200);
        String owner = login(username, "secret-pass-1");

        Response created = given().auth().oauth2(owner).contentType(ContentType.JSON).body(Map.of("name", "ci", "expire", 60))
                .post("/v1.0/accesskeys");
        created.then().statusCode(200);
        String token = created.path("token");
        String id = created.path("id");
        Map<String, Object> stored = row("access_key", id);
        assertEquals(AccessKeyTokens.hash(token), stored.get("token_hash"));
        assertTrue(stored.values().stream().noneMatch(token::equals), "the key itself is never stored");
        assertEquals(UUID.fromString(customer), stored.get("customer_id"));
        assertEquals(time(created, "tm_expire"), stored.get("tm_expire"));
        assertEquals(List.of(id), given().auth().oauth2(owner).get("/v1.0/accesskeys").jsonPath().getList("result.id"));

        // Another customer's admin: 403, nothing revealed, nothing changed (a super-admin may; IdentityGapsTest).
        String otherUsername = "other-keys-" + UUID.randomUUID();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("customer_id", createCustomer(admin, "other-keys"), "username", otherUsername,
                        "password", "secret-pass-1", "permission", 0x20))
                .post("/v1.0/agents").then().statusCode(200);
        String other = login(otherUsername, "secret-pass-1");
        given().auth().oauth2(other).get("/v1.0/accesskeys/" + id).then().statusCode(403);
        given().auth().oauth2(other).delete("/v1.0/accesskeys/" + id).then().statusCode(403);
        assertNull(row("access_key", id).get("tm_delete"));

        Response deleted = given().auth().oauth2(owner).delete("/v1.0/accesskeys/" + id);
        deleted.then().statusCode(200);
        Response again = given().auth().oauth2(owner).delete("/v1.0/accesskeys/" + id);
        assertEquals(time(deleted, "tm_delete"), time(again, "tm_delete"));
        assertEquals(time(deleted, "tm_delete"), row("access_key", id).get("tm_delete"));
        given().queryParam("accesskey", token).get("/v1.0/me").then().statusCode(401);
    }

    @Test
    void anAgentDeletedBehindTheGatewaysBackLosesAccessWithinTheCacheLifetime() throws Exception {
        String admin = admin();
        String username = "cached-" + UUID.randomUUID();
        String id = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "secret-pass-1", "permission", 0x10))
                .post("/v1.0/agents").then().statusCode(200).extract().path("id");
        String token = login(username, "secret-pass-1");
        given().auth().oauth2(token).get("/v1.0/me").then().statusCode(200);

        // Another replica's change: only the cache lifetime stands between it and this gateway.
        execute("update api_gateway.agent set tm_delete = now() where id = ?", id);
        long start = System.nanoTime();
        while (given().auth().oauth2(token).get("/v1.0/me").statusCode() == 200) {
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < IdentityStore.TTL_MS + 1_000,
                    "still served after the cache lifetime");
            Thread.sleep(100);
        }
    }

    @Test
    void theBootstrapAdminWasCreatedOnce() throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select a.permission, cu.name from api_gateway.agent a"
                     + " join api_gateway.customer cu on cu.id = a.customer_id where lower(a.username) = 'admin'")) {
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(0x21, rs.getInt(1));
                assertEquals("platform", rs.getString(2));
                assertTrue(!rs.next(), "one bootstrap admin");
            }
        }
    }
}

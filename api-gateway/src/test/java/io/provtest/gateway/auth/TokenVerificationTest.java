package io.provtest.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.testing.InfraResource;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * What smallrye-jwt checks of a presented token, each case a real login token changed in one respect and signed
 * again with the gateway's own secret (so only that respect can be the reason for the 401), and the order of the
 * checks: authentication and the role before the body is read.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class TokenVerificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @ConfigProperty(name = "gateway.jwt.secret")
    String secret;

    @Inject
    IdentityProviderManager identities;

    static String login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/auth/login").then().statusCode(200).extract().path("token");
    }

    static String admin() {
        return login("admin", "test-admin-password");
    }

    private static void assert401(String token, String reason) {
        Response r = given().auth().oauth2(token).get("/v1.0/me");
        r.then().statusCode(401).body("error.reason", equalTo(reason));
    }

    /** The payload of {@code token}, changed by {@code edit}, under {@code headerJson}, signed with the secret. */
    private String resigned(String token, String headerJson, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode payload = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        edit.accept(payload);
        String body = B64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(JSON.writeValueAsBytes(payload));
        Mac mac = Mac.getInstance(headerJson.contains("HS512") ? "HmacSHA512" : "HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), mac.getAlgorithm()));
        return body + "." + B64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    @Test
    void aLoginTokenIsHs256WithIssuerAudienceExpiryAndVersion() throws Exception {
        String token = admin();
        var header = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        var payload = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals("HS256", header.get("alg").asText());
        assertEquals("provtest-api-gateway", payload.get("iss").asText());
        assertEquals("provtest-api", payload.get("aud").isArray() ? payload.get("aud").get(0).asText()
                : payload.get("aud").asText());
        assertTrue(payload.get("exp").asLong() > payload.get("iat").asLong());
        assertEquals(24, payload.get("ver").asText().length());
        assertEquals("admin", payload.get("username").asText());
    }

    @Test
    void theSameClaimsSignedAgainAreAccepted() throws Exception {
        // the control for the cases below: re-signing alone does not make a token fail
        given().auth().oauth2(resigned(admin(), HS256, p -> { })).get("/v1.0/me").then().statusCode(200);
    }

    @Test
    void anotherIssuerOrAudienceIsRefused() throws Exception {
        assert401(resigned(admin(), HS256, p -> p.put("iss", "someone-else")), "INVALID_CREDENTIALS");
        assert401(resigned(admin(), HS256, p -> p.put("aud", "another-api")), "INVALID_CREDENTIALS");
        assert401(resigned(admin(), HS256, p -> p.remove("aud")), "INVALID_CREDENTIALS");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        assert401(resigned(admin(), HS256, p -> p.remove("exp")), "INVALID_CREDENTIALS");
        assert401(resigned(admin(), HS256, p -> p.put("exp", "tomorrow")), "INVALID_CREDENTIALS");
    }

    @Test
    void onlyHs256IsAccepted() throws Exception {
        assert401(resigned(admin(), "{\"alg\":\"HS512\",\"typ\":\"JWT\"}", p -> { }), "INVALID_CREDENTIALS");
        String[] parts = admin().split("\\.");
        String none = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assert401(none + "." + parts[1] + ".", "INVALID_CREDENTIALS");
        assert401(none + "." + parts[1] + "." + parts[2], "INVALID_CREDENTIALS");
    }

    @Test
    void anotherTokenVersionOrAnUnknownSubjectIsRefused() throws Exception {
        assert401(resigned(admin(), HS256, p -> p.put("ver", "000000000000000000000000")), "INVALID_CREDENTIALS");
        assert401(resigned(admin(), HS256, p -> p.put("sub", UUID.randomUUID().toString())), "INVALID_CREDENTIALS");
        assert401(resigned(admin(), HS256, p -> p.put("sub", "admin")), "INVALID_CREDENTIALS");
    }

    @Test
    void garbageTokensAreRefusedNotFailed() {
        for (String junk : new String[] {"a", "a.b", "a.b.c", "...", "ey.ey.ey"}) {
            assert401(junk, "INVALID_CREDENTIALS");
            given().queryParam("token", junk).get("/v1.0/me").then().statusCode(401);
        }
    }

    @Test
    void authenticationAndTheRoleAreDecidedBeforeTheBodyIsRead() {
        String admin = admin();
        String customerId = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "order"))
                .post("/v1.0/customers").then().statusCode(200).extract().path("id");
        String username = "manager-" + UUID.randomUUID();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("customer_id", customerId, "username", username, "password", "secret-pass-1",
                        "permission", 0x40))
                .post("/v1.0/agents").then().statusCode(200);
        String manager = login(username, "secret-pass-1");
        for (String path : new String[] {"/v1.0/providers", "/v1.0/customers", "/v1.0/agents", "/v1.0/accesskeys",
                "/v1.0/routes", "/v1.0/providercalls"}) {
            given().contentType(ContentType.JSON).body("{\"name\":").post(path).then().statusCode(401)
                    .body("error.reason", equalTo("AUTHENTICATION_REQUIRED"));
            given().auth().oauth2(manager).contentType(ContentType.JSON).body("{\"name\":").post(path).then()
                    .statusCode(403).body("error.reason", equalTo("PERMISSION_DENIED"));
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":").post("/v1.0/providers").then()
                .statusCode(400).body("error.reason", equalTo("INVALID_JSON_BODY"));
    }

    @Test
    void aVerifiedTokenIsAnsweredFromMemoryNotParsedAgain() {
        // Quarkus asks the highest priority provider first: were smallrye-jwt's validator ahead of VerifiedTokens,
        // each authentication would parse the token again and hand back a new principal
        String token = admin();
        SecurityIdentity first = authenticate(token);
        SecurityIdentity second = authenticate(token);
        assertEquals("admin", ((JsonWebToken) first.getPrincipal()).getClaim("username"));
        assertSame(first.getPrincipal(), second.getPrincipal(), "the token verified once is the one remembered");
    }

    private SecurityIdentity authenticate(String token) {
        return identities.authenticate(new TokenAuthenticationRequest(new JsonWebTokenCredential(token)))
                .await().atMost(Duration.ofSeconds(10));
    }
}

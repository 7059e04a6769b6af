package io.provtest.gateway;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;

/** The test profile's super-admin, logged in through the gateway's own endpoint. */
public final class Logins {

    private Logins() {
    }

    /** A bearer token of the bootstrap super-admin ({@code admin} / the test profile's password). */
    public static String admin() {
        return given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "test-admin-password"))
                .post("/auth/login").then().statusCode(200).extract().path("token");
    }
}

package io.provtest.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** HTTP helpers against the gateway of the system under test. */
final class Api {

    private Api() {
    }

    static RequestSpecification anonymous() {
        return given().baseUri(SystemUnderTest.get().gateway()).contentType(ContentType.JSON);
    }

    static RequestSpecification as(String token) {
        return anonymous().auth().oauth2(token);
    }

    static String login(String username, String password) {
        return anonymous().body(Map.of("username", username, "password", password)).post("/auth/login")
                .then().statusCode(200).extract().path("token");
    }

    static String admin() {
        return login("admin", SystemUnderTest.ADMIN_PASSWORD);
    }
}

package io.provtest.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A generated bootstrap password lives in its owner-only file and in no log line. */
@QuarkusTest
@TestProfile(BootstrapPasswordTest.GeneratedPassword.class)
@WithTestResource(InfraResource.class)
class BootstrapPasswordTest {

    static final Path STATE = Path.of("target/state-generated");
    static final Path LOG = Path.of("target/bootstrap-generated.log");

    public static class GeneratedPassword implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.bootstrap.password", " ", "gateway.state-dir", STATE.toString(),
                    "quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString());
        }
    }

    @Test
    void theGeneratedPasswordIsInItsFileOnlyAndNeverLogged() throws IOException {
        Path file = STATE.resolve(Bootstrap.CREDENTIALS_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String password = Files.readAllLines(file).stream().filter(l -> l.startsWith("password="))
                .map(l -> l.substring("password=".length())).findFirst().orElseThrow();
        assertEquals(20, password.length(), "a generated password, not the test profile's configured one");

        given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", password))
                .post("/auth/login").then().statusCode(200);

        String log = Files.readString(LOG);
        assertTrue(log.contains("bootstrap super-admin created"), "the bootstrap is logged");
        assertFalse(log.contains(password), "the log holds the generated password");
    }
}

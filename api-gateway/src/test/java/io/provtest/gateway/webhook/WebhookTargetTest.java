package io.provtest.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.address.AllowList;
import io.provtest.common.error.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetTest {

    private static final WebhookTarget SET = new WebhookTarget("https://hooks.example.com/a", "PUT");

    @Test
    void nullKeepsTheCurrentValueAndAnEmptyUriRemovesTheWebhook() {
        Validation v = new Validation();
        assertEquals(SET, WebhookTarget.merge(v, SET, null, null));
        WebhookTarget removed = WebhookTarget.merge(v, SET, "", null);
        assertEquals("", removed.uri());
        assertEquals(false, removed.enabled());
        assertTrue(v.ok());
    }

    @Test
    void theMethodIsPostByDefaultAndReadInAnyCase() {
        Validation v = new Validation();
        assertEquals("POST", WebhookTarget.merge(v, WebhookTarget.NONE, "https://a.example/h", null).method());
        assertEquals("PUT", WebhookTarget.merge(v, WebhookTarget.NONE, "https://a.example/h", " put ").method());
        assertEquals("POST", WebhookTarget.merge(v, WebhookTarget.NONE, "https://a.example/h", "").method());
        assertTrue(v.ok());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "DELETE", "PATCH", "POST\r\nX: y"})
    void otherMethodsAreRefused(String method) {
        Validation v = new Validation();
        WebhookTarget.merge(v, WebhookTarget.NONE, "https://a.example/h", method);
        assertEquals("webhook_method", v.violations().get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://a.example/h", "https://user@a.example/h", "a.example/h", "http://a_b.example/",
            "http://127.1/", "javascript:alert(1)"})
    void aUriThatIsNotAPlainHttpUrlIsRefused(String uri) {
        Validation v = new Validation();
        WebhookTarget.merge(v, WebhookTarget.NONE, uri, null);
        assertEquals("webhook_uri", v.violations().get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.2:8080/h", "http://10.0.0.1/h", "http://169.254.169.254/latest",
            "http://[::1]/h", "http://[::ffff:10.0.0.1]/h", "http://0.0.0.0/", "http://192.168.1.10/"})
    void addressLiteralsInRefusedRangesAreRefusedNamingTheSetting(String uri) {
        String why = new WebhookTarget(uri, "POST").refusedLiteral(AllowList.parse("127.0.0.1"));
        assertNotNull(why);
        assertTrue(why.contains("WEBHOOK_ALLOWED_HOSTS"), why);
    }

    @Test
    void theAllowListAndNamesPass() {
        AllowList allowed = AllowList.parse("127.0.0.1");
        assertNull(new WebhookTarget("http://127.0.0.1:9999/h", "POST").refusedLiteral(allowed));
        assertNotNull(new WebhookTarget("http://127.0.0.1:9999/h", "POST").refusedLiteral(AllowList.NONE));
        // a name is judged when it is resolved, before each attempt
        assertNull(new WebhookTarget("https://hooks.example.com/", "POST").refusedLiteral(AllowList.NONE));
        assertNull(WebhookTarget.NONE.refusedLiteral(AllowList.NONE));
    }
}

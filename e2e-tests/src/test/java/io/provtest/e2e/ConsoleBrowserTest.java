package io.provtest.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.Sipp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's console (api-gateway, /console/) in Debian's headless chromium against the running system and a
 * SIPp carrier: what an operator does, by mouse and keyboard, checked against the API. Screenshots are kept in
 * target/console-screenshots.
 */
class ConsoleBrowserTest {

    private static final Path SCENARIOS = Path.of("src/test/resources/sipp");
    private static ChromeDriver chrome;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        admin = Calls.admin();
        chrome = Browser.start();
    }

    @AfterAll
    static void quit() {
        if (chrome != null) {
            chrome.quit();
        }
    }

    @Test
    void anOperatorCreatesAProviderPlacesATestCallAndReadsItsLadder() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_ring_answer_wait_bye.xml"), 1)) {
            openAndLogIn();

            // a provider with one invalid field: the server's reason appears next to that field, nothing is stored
            chrome.findElement(By.id("new-provider")).click();
            awaitHeading("New provider");
            assertEveryControlIsLabelled("the provider form");
            String name = "console carrier " + UUID.randomUUID().toString().substring(0, 8);
            type("pf-name", name);
            type("pf-hostname", "sip:carrier.example");
            chrome.findElement(By.id("provider-submit")).click();
            WebElement hostnameError = await(10).until(
                    ExpectedConditions.visibilityOfElementLocated(By.id("pf-hostname-error")));
            assertFalse(hostnameError.getText().isBlank());
            assertEquals("true", chrome.findElement(By.id("pf-hostname")).getDomAttribute("aria-invalid"));
            assertFalse(chrome.findElement(By.id("pf-name-error")).isDisplayed(), "only the invalid field has a reason");
            assertEquals(chrome.findElement(By.id("pf-hostname")), chrome.switchTo().activeElement(),
                    "the focus moves to the invalid field");
            Browser.screenshot(chrome, "1-provider-field-error");
            assertEquals(List.of(), providerIdsNamed(name), "nothing stored");

            // fixed: created, listed, stored as typed
            WebElement hostname = chrome.findElement(By.id("pf-hostname"));
            hostname.clear();
            hostname.sendKeys(carrier.hostPort());
            chrome.findElement(By.id("provider-submit")).click();
            awaitHeading("Providers");
            WebElement row = await(10).until(d -> d.findElement(By.cssSelector("tr[data-name='" + name + "']")));
            String providerId = row.getDomAttribute("data-provider-id");
            assertEquals(List.of(providerId), providerIdsNamed(name));
            assertThat(row.getText(), containsString(carrier.hostPort()));
            assertThat(row.getText(), containsString("unknown"));
            Browser.screenshot(chrome, "2-providers");

            // by keyboard: Tab to this row's "Test call" and press Enter
            tabTo(row.findElement(By.linkText("Test call")));
            chrome.switchTo().activeElement().sendKeys(Keys.ENTER);
            awaitHeading("Test call through " + name);
            assertEveryControlIsLabelled("the test-call form");
            WebElement submit = chrome.findElement(By.id("testcall-submit"));
            assertFalse(submit.isEnabled(), "no destination yet");
            assertThat(chrome.findElement(By.id("testcall-blocker")).getText(), containsString("destination"));
            type("tc-destinations", "+821012345678");
            await(5).until(d -> submit.isEnabled());

            // the INVITE as it would go on the wire
            chrome.findElement(By.id("preview-submit")).click();
            WebElement wire = await(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-wire")));
            assertThat(wire.getText(), startsWith("INVITE sip:+821012345678@" + carrier.hostPort()));
            assertThat(wire.getText(), containsString("From: "));
            Browser.screenshot(chrome, "3-test-call");

            // a double submission places one call: the form holds the second while the first runs
            String key = chrome.findElement(By.id("testcall-form")).getDomAttribute("data-idempotency-key");
            chrome.executeScript("const f = document.getElementById('testcall-form'); f.requestSubmit(); f.requestSubmit();");
            await(15).withMessage(() -> "the test call did not open its live view: "
                    + chrome.findElement(By.id("notice")).getText() + " / " + text("testcall-error"))
                    .until(ExpectedConditions.urlMatches("#/calls/[0-9a-f-]{36}$"));
            String callId = chrome.getCurrentUrl().replaceAll(".*#/calls/", "");

            // the live view moves through the statuses without a reload, the ladder drawn while the call runs
            List<String> seen = watchStatusesUntilHangup(callId);
            assertTrue(seen.indexOf("ringing") >= 0 && seen.indexOf("ringing") < seen.indexOf("progressing")
                    && seen.indexOf("progressing") < seen.indexOf("hangup"), "statuses seen: " + seen);
            JsonNode call = Calls.call(callId);
            assertEquals("normal", call.get("hangup_reason").asText(), call.toString());
            Calls.assertCarrierHappy(carrier);
            await(5).until(d -> "normal".equals(fact("hangup-reason")));
            assertEquals("200 OK", fact("provider-s-answer"));
            assertThat(fact("time-to-answer"), containsString("s"));
            assertFalse(chrome.findElement(By.id("call-hangup")).isEnabled(), "nothing left to hang up");

            // one record, placed with the form's Idempotency-Key: the same key and body again answers that record
            List<String> records = Api.as(admin).queryParam("provider_id", providerId).get("/v1.0/providercalls")
                    .then().statusCode(200).extract().path("result.id");
            assertEquals(1, records.size(), "one call for a double submission");
            Api.as(admin).header("Idempotency-Key", key).body(formBody(providerId)).post("/v1.0/providercalls")
                    .then().statusCode(200).body("id", equalTo(records.get(0)));

            checkLadderAgainstTrace(callId, name);

            // history: the provider's test calls with each call's outcome
            chrome.findElement(By.id("call-provider-link")).click();
            awaitHeading("Test calls");
            WebElement record = await(10).until(d -> d.findElement(
                    By.cssSelector("tr[data-providercall-id='" + records.get(0) + "']")));
            assertThat(record.getText(), containsString("normal · 200 OK"));
            Browser.screenshot(chrome, "6-history");

            checkLayouts(providerId, callId);

            // logging out forgets the token: nothing kept in storage, cookies or the address
            chrome.findElement(By.id("logout")).click();
            awaitHeading("Log in");
            assertEquals(0L, chrome.executeScript("return localStorage.length + sessionStorage.length"));
            assertEquals("", chrome.executeScript("return document.cookie"));
            assertFalse(chrome.getCurrentUrl().contains("token"), chrome.getCurrentUrl());
        }
    }

    @Test
    void aProviderIsDeletedAfterConfirmationAndCannotBeTestCalled() throws Exception {
        String name = "to delete " + UUID.randomUUID().toString().substring(0, 8);
        String providerId = Api.as(admin).body(Map.of("type", "sip", "hostname", "127.0.0.1:5996", "name", name))
                .post("/v1.0/providers").then().statusCode(200).extract().path("id");
        openAndLogIn();
        WebElement row = await(10).until(d -> d.findElement(By.cssSelector("tr[data-provider-id='" + providerId + "']")));

        row.findElement(By.cssSelector("button.danger")).click();
        WebElement dialog = await(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        assertThat(dialog.getText(), containsString(name));
        Browser.screenshot(chrome, "7-delete-confirmation");
        chrome.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        await(5).until(ExpectedConditions.invisibilityOf(dialog));
        Api.as(admin).get("/v1.0/providers/" + providerId).then().statusCode(200).body("tm_delete", equalTo(null));

        chrome.findElement(By.cssSelector("tr[data-provider-id='" + providerId + "'] button.danger")).click();
        await(5).until(ExpectedConditions.visibilityOf(dialog));
        chrome.findElement(By.id("confirm-ok")).click();
        await(10).until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("tr[data-provider-id='" + providerId + "']"), 0));
        Api.as(admin).get("/v1.0/providers/" + providerId).then().statusCode(200).body("tm_delete", notNullValue());

        chrome.executeScript("location.hash = arguments[0]", "#/providers/" + providerId + "/test");
        awaitHeading("Test call through " + name);
        type("tc-destinations", "+821012345678");
        assertFalse(chrome.findElement(By.id("testcall-submit")).isEnabled());
        assertThat(chrome.findElement(By.id("testcall-blocker")).getText(), containsString("deleted"));
    }

    @Test
    void aRingingCallIsHungUpFromTheLiveViewAndAnEndedSessionAsksToLogInAgain() throws Exception {
        String username = "console-operator-" + UUID.randomUUID().toString().substring(0, 8);
        String agentId = Api.as(admin).body(Map.of("customer_id", Calls.customerId(), "username", username,
                "password", "console-pass-1", "permission", 0x1)).post("/v1.0/agents").then().statusCode(200)
                .extract().path("id");
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_ring_until_cancel.xml"), 1)) {
            String providerId = Calls.provider(carrier);
            openAndLogIn(username, "console-pass-1");
            chrome.executeScript("location.hash = arguments[0]", "#/providers/" + providerId + "/test");
            awaitHeading("Test call through ");
            type("tc-destinations", "+821012345678");
            chrome.findElement(By.id("testcall-submit")).click();
            await(15).until(ExpectedConditions.urlMatches("#/calls/[0-9a-f-]{36}$"));
            String callId = chrome.getCurrentUrl().replaceAll(".*#/calls/", "");
            await(15).until(d -> "ringing".equals(status()));
            chrome.findElement(By.id("call-hangup")).click();
            await(15).until(d -> "hangup".equals(status()));
            await(5).until(d -> "cancel".equals(fact("hangup-reason")));
            assertEquals("cancel", Calls.call(callId).get("hangup_reason").asText());
            assertEquals(0, carrier.awaitExit(20), carrier.describe());
        }

        // the operator's agent is deleted: its token stops working within the identity cache's 5 s, and the
        // console's next request ends the session with a notice and the login form
        Api.as(admin).delete("/v1.0/agents/" + agentId).then().statusCode(200);
        long deadline = System.currentTimeMillis() + 20_000;
        for (int i = 0; !text("page-title").startsWith("Log in") && System.currentTimeMillis() < deadline; i++) {
            chrome.executeScript("location.hash = arguments[0]", i % 2 == 0 ? "#/providercalls" : "#/providers");
            Thread.sleep(1000);
        }
        awaitHeading("Log in");
        assertThat(text("notice"), containsString("Your session expired"));
        assertTrue(chrome.findElement(By.id("nav")).getDomAttribute("hidden") != null, "no navigation without a session");
    }

    @Test
    void theConsolesRulesHoldInTheBrowser() throws Exception {
        openAndLogIn();
        String cases = Files.readString(Path.of("src/test/resources/console/rules-cases.js"), StandardCharsets.UTF_8);
        Object failures = chrome.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "Promise.all([import('/console/rules.js'), import('/console/ladder.js')])"
                + ".then(async ([rules, ladder]) => {" + cases + "})"
                + ".then(done, (e) => done(['threw: ' + e]));");
        assertEquals(List.of(), failures);
    }

    // ---- the ladder ---------------------------------------------------------------------------------------------

    private static void checkLadderAgainstTrace(String callId, String providerName) throws Exception {
        JsonNode messages = Calls.read("/v1.0/calls/" + callId + "/sip-messages").get("result");
        List<String> expected = new ArrayList<>();
        messages.forEach(m -> expected.add(m.get("direction").asText() + " " + label(m.get("first_line").asText())));
        assertThat(expected.size(), org.hamcrest.Matchers.greaterThanOrEqualTo(6));
        await(10).until(d -> arrows().size() == expected.size());
        List<String> drawn = arrows().stream()
                .map(a -> a.getDomAttribute("data-direction") + " " + a.getDomAttribute("data-label")).toList();
        assertEquals(expected, drawn);
        for (WebElement arrow : arrows()) {
            WebElement line = arrow.findElement(By.cssSelector("line"));
            double x1 = Double.parseDouble(line.getDomAttribute("x1"));
            double x2 = Double.parseDouble(line.getDomAttribute("x2"));
            assertEquals("sent".equals(arrow.getDomAttribute("data-direction")), x1 < x2,
                    "sent arrows point from us to the carrier, received ones back");
            assertThat(arrow.findElement(By.cssSelector(".arrow-time")).getText(), startsWith("+"));
        }
        assertEquals("+0.000 s", arrows().get(0).findElement(By.cssSelector(".arrow-time")).getText());
        List<String> columns = chrome.findElements(By.cssSelector("#ladder .ladder-column")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("us (call-manager)", "carrier: " + providerName), columns);

        // a click shows the raw message as sent
        WebElement invite = arrows().get(expected.indexOf("sent INVITE"));
        invite.click();
        await(5).until(d -> raw().startsWith("Sent to"));
        assertThat(raw(), containsString(messages.get(expected.indexOf("sent INVITE")).get("first_line").asText()));
        assertThat(raw(), containsString("Call-ID:"));
        Browser.screenshot(chrome, "4-call-ended");
        // the whole ladder in one picture (an element's screenshot is cut at the viewport's edge)
        Browser.viewport(chrome, 1000, 1400, false);
        try {
            WebElement section = chrome.findElement(By.cssSelector("section[aria-labelledby=ladder-title]"));
            chrome.executeScript("arguments[0].scrollIntoView({block: 'start'})", section);
            Thread.sleep(300);
            Files.write(Browser.SCREENSHOTS.resolve("ladder.png"), chrome.findElement(
                    By.cssSelector("section[aria-labelledby=ladder-title]")).getScreenshotAs(OutputType.BYTES));
        } finally {
            Browser.viewport(chrome, 1280, 800, false);
        }
        Thread.sleep(300);

        // by keyboard: focus the carrier's 200 to our INVITE and press Enter
        int ok = expected.indexOf("received 200 OK");
        tabTo(arrows().get(ok));
        new Actions(chrome).sendKeys(Keys.ENTER).perform();
        await(5).until(d -> raw().startsWith("Received from"));
        assertThat(raw(), containsString("SIP/2.0 200 OK"));
        assertEquals("true", arrows().get(ok).getDomAttribute("aria-pressed"));
    }

    private static String label(String firstLine) {
        return firstLine.startsWith("SIP/2.0 ") ? firstLine.substring(8) : firstLine.split(" ")[0];
    }

    private static List<WebElement> arrows() {
        return chrome.findElements(By.cssSelector("#ladder .arrow"));
    }

    private static String raw() {
        return chrome.findElement(By.id("raw-message")).getText();
    }

    /** The status line's value as the page shows it, sampled every 100 ms until hangup; a screenshot per status. */
    private static List<String> watchStatusesUntilHangup(String callId) throws Exception {
        List<String> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Object status = chrome.executeScript(
                    "const e = document.getElementById('call-steps'); return e ? e.dataset.status || null : null;");
            if (status != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status))) {
                seen.add(status.toString());
                if ("ringing".equals(status)) {
                    Browser.screenshot(chrome, "5-call-ringing");
                }
                if ("progressing".equals(status)) {
                    assertFalse(arrows().isEmpty(), "the ladder is drawn while the call runs");
                    Browser.screenshot(chrome, "5-call-progressing");
                }
            }
            if ("hangup".equals(status)) {
                return seen;
            }
            Thread.sleep(100);
        }
        fail("call " + callId + " did not reach hangup in the console within 30 s; seen " + seen + "; "
                + Calls.call(callId));
        return seen;
    }

    private static String status() {
        return (String) chrome.executeScript(
                "const e = document.getElementById('call-steps'); return e ? e.dataset.status || null : null;");
    }

    private static String text(String id) {
        try {
            List<WebElement> found = chrome.findElements(By.id(id));
            return found.isEmpty() ? "" : found.get(0).getText();
        } catch (StaleElementReferenceException e) {
            return ""; // replaced while read: the caller reads again
        }
    }

    private static String fact(String name) {
        return chrome.findElement(By.cssSelector("dd[data-fact='" + name + "']")).getText();
    }

    /** The body the test-call form sent (its defaults with one destination). */
    private static Map<String, Object> formBody(String providerId) {
        Map<String, Object> talk = new LinkedHashMap<>();
        talk.put("type", "talk");
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("text", "This is a provider verification call.");
        option.put("language", "en-US");
        talk.put("option", option);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider_id", providerId);
        body.put("anonymous", "auto");
        body.put("source", Map.of("type", "tel", "target", "+14155551234"));
        body.put("destinations", List.of(Map.of("type", "tel", "target", "+821012345678")));
        body.put("actions", List.of(Map.of("type", "answer"), talk, Map.of("type", "hangup")));
        return body;
    }

    // ---- layout and accessibility -------------------------------------------------------------------------------

    /** Every page at 1280 x 800 and at a phone's 390 x 844: nothing wider than the screen, every control labelled. */
    private static void checkLayouts(String providerId, String callId) throws Exception {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("#/providers", "Providers");
        pages.put("#/providers/" + providerId + "/edit", "Edit ");
        pages.put("#/providers/" + providerId + "/test", "Test call through ");
        pages.put("#/calls/" + callId, "Call ");
        pages.put("#/providercalls", "Test calls");
        int[][] sizes = {{1280, 800}, {390, 844}};
        try {
            for (int[] size : sizes) {
                Browser.viewport(chrome, size[0], size[1], size[0] < 600);
                assertEquals((long) size[0], chrome.executeScript("return window.innerWidth"));
                for (Map.Entry<String, String> page : pages.entrySet()) {
                    chrome.executeScript("location.hash = arguments[0]", page.getKey());
                    awaitHeading(page.getValue());
                    Thread.sleep(300);
                    long overflow = (Long) chrome.executeScript(
                            "return document.documentElement.scrollWidth - window.innerWidth");
                    assertThat(page.getKey() + " at " + size[0] + " px is wider than the screen by " + overflow,
                            overflow, lessThan(1L));
                    assertEveryControlIsLabelled(page.getKey());
                    if (size[0] < 600) {
                        Browser.screenshot(chrome, "8-phone-" + page.getValue().trim().toLowerCase().replace(' ', '-'));
                    }
                }
            }
        } finally {
            Browser.viewport(chrome, 1280, 800, false);
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertEveryControlIsLabelled(String where) {
        List<String> unlabelled = (List<String>) chrome.executeScript(
                "return [...document.querySelectorAll('input, select, textarea, button, a[href], [tabindex=\"0\"]')]"
                + ".filter((e) => e.type !== 'hidden')"
                + ".filter((e) => ['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName)"
                + "  ? !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                + "  : !(e.textContent.trim() || e.getAttribute('aria-label')))"
                + ".map((e) => e.outerHTML.slice(0, 120));");
        assertEquals(List.of(), unlabelled, "unlabelled controls on " + where);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static void openAndLogIn() {
        openAndLogIn("admin", SystemUnderTest.ADMIN_PASSWORD);
    }

    /** Opens the console afresh (a reload forgets the in-memory session) and logs in by keyboard. */
    private static void openAndLogIn(String username, String password) {
        chrome.get(SystemUnderTest.get().gateway() + "/console/");
        awaitHeading("Log in");
        assertEveryControlIsLabelled("the login form");
        await(5).until(d -> d.findElement(By.id("login-username")).equals(d.switchTo().activeElement()));
        chrome.switchTo().activeElement().sendKeys(username, Keys.TAB);
        chrome.switchTo().activeElement().sendKeys(password, Keys.ENTER);
        awaitHeading("Providers");
    }

    private static void awaitHeading(String prefix) {
        await(15).until(d -> {
            List<WebElement> h1 = d.findElements(By.id("page-title"));
            return !h1.isEmpty() && h1.get(0).getText().startsWith(prefix);
        });
        assertThat(text("notice"), org.hamcrest.Matchers.not(containsString("The console failed")));
    }

    private static WebDriverWait await(int seconds) {
        // pages are redrawn while they are read (the live view every second, a route replacing the heading)
        WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static void type(String id, String text) {
        WebElement element = chrome.findElement(By.id(id));
        element.clear();
        element.sendKeys(text);
    }

    private static void tabTo(WebElement target) {
        for (int i = 0; i < 100; i++) {
            if (target.equals(chrome.switchTo().activeElement())) {
                return;
            }
            new Actions(chrome).sendKeys(Keys.TAB).perform();
        }
        fail("Tab never reached " + target.getDomAttribute("aria-label"));
    }

    private static List<String> providerIdsNamed(String name) {
        List<Map<String, Object>> providers = Api.as(admin).queryParam("page_size", 100).get("/v1.0/providers")
                .then().statusCode(200).extract().path("result");
        return providers.stream().filter(p -> name.equals(p.get("name"))).map(p -> p.get("id").toString()).toList();
    }
}

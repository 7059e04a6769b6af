package io.provtest.common.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import org.junit.jupiter.api.Test;

class RpcRouterTest {

    private final RpcRouter router = new RpcRouter()
            .get("/v1/providers", call -> "list")
            .get("/v1/providers/{id}", call -> "one")
            .post("/v1/providers/{id}/preview", call -> "preview");

    @Test
    void extractsPathParametersAndDecodedQuery() {
        RpcRouter.Match match = router.match("GET", "/v1/providers/abc?page_size=5&page_token=a%2Bb");
        assertEquals("abc", match.pathParams().get("id"));
        assertEquals("5", match.query().get("page_size"));
        assertEquals("a+b", match.query().get("page_token"));
    }

    @Test
    void onlyTheRoutesMarkedAsWaitingOnOthersAreOrchestrations() {
        RpcRouter router = new RpcRouter().post("/v1/calls", call -> "created").waitingOnOthers()
                .get("/v1/calls/{id}", call -> "one").get("/v1/dialroutes", call -> "routes");
        assertTrue(router.match("POST", "/v1/calls").waitsOnOthers());
        assertFalse(router.match("GET", "/v1/calls/42").waitsOnOthers());
        assertFalse(router.match("GET", "/v1/dialroutes?target=%2B1").waitsOnOthers());
        assertNull(router.match("POST", "/v1/nowhere"));
    }

    @Test
    void methodIsPartOfTheRoute() {
        assertNull(router.match("DELETE", "/v1/providers/abc"));
        assertNull(router.match("GET", "/v1/providers/abc/preview"));
    }

    @Test
    void templatesMatchWholeSegmentsOnly() {
        assertNull(router.match("GET", "/v1/providers/a/b"));
        assertNull(router.match("GET", "/v1/providersX"));
    }

    @Test
    void listRouteMatchesWithAndWithoutQuery() throws Exception {
        assertEquals("list", router.match("GET", "/v1/providers").handler().handle(null));
        assertEquals("list", router.match("GET", "/v1/providers?").handler().handle(null));
    }

    @Test
    void aGateAnswersForItsRouteOnlyAndKeepsTheRouteAnOrchestration() {
        ApiError busy = ApiError.retryLater(ErrorStatus.UNAVAILABLE, "SERVICE_BUSY", "late", 1);
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean(true);
        RpcRouter router = new RpcRouter().post("/v1/calls", call -> "created").waitingOnOthers()
                .gatedBy(() -> closed.get() ? busy : null)
                .get("/v1/calls/{id}", call -> "one");
        RpcRouter.Match create = router.match("POST", "/v1/calls");
        assertEquals(busy, create.gate().get());
        assertTrue(create.waitsOnOthers());
        assertNull(router.match("GET", "/v1/calls/42").gate(), "another route has no gate");
        closed.set(false);
        assertNull(create.gate().get(), "an open gate lets the request in");
    }
}

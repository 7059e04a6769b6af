package io.provtest.common.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RpcContextTest {

    @AfterEach
    void clear() {
        MDC.remove(RpcContext.MDC_KEY);
    }

    @Test
    void aScopeAroundOneRpcGivesTheRequestsLogIdBack() {
        // the HTTP request's own id in the MDC (the gateway's filter put it there), one RPC sent in a scope of its own
        MDC.put(RpcContext.MDC_KEY, "http-request");
        try (RpcContext.Scope ignored = RpcContext.open("http-request", null)) {
            assertEquals("http-request", RpcContext.currentRequestId());
        }
        assertEquals("http-request", MDC.get(RpcContext.MDC_KEY), "later log lines of the request keep its id");
        assertNull(RpcContext.current());
    }

    @Test
    void aScopeWithNothingBeforeLeavesNothingBehind() {
        try (RpcContext.Scope ignored = RpcContext.open("served", 123L)) {
            assertEquals("served", MDC.get(RpcContext.MDC_KEY));
            assertEquals("served", RpcContext.currentRequestId());
        }
        assertNull(MDC.get(RpcContext.MDC_KEY));
        assertNull(RpcContext.current());
    }

    @Test
    void nestedScopesRestoreTheOuterOne() {
        try (RpcContext.Scope outer = RpcContext.open("outer", null)) {
            try (RpcContext.Scope inner = RpcContext.open("inner", null)) {
                assertEquals("inner", RpcContext.currentRequestId());
                assertEquals("inner", MDC.get(RpcContext.MDC_KEY));
            }
            assertEquals("outer", RpcContext.currentRequestId());
            assertEquals("outer", MDC.get(RpcContext.MDC_KEY));
        }
        assertNull(MDC.get(RpcContext.MDC_KEY));
    }
}

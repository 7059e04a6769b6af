package io.provtest.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FailureWindowTest {

    private final FailureWindow window = new FailureWindow(3, 60_000);

    @Test
    void theLimitThenAWaitUntilTheWindowEnds() {
        window.failed("ann", 0);
        window.failed("ann", 10_000);
        assertEquals(0, window.retryAfterSeconds("ann", 10_000));
        window.failed("ann", 20_000);
        assertEquals(40, window.retryAfterSeconds("ann", 20_000));
        assertEquals(1, window.retryAfterSeconds("ann", 59_500));
        assertEquals(0, window.retryAfterSeconds("ann", 60_000));
        assertEquals(0, window.retryAfterSeconds("bob", 20_000));
    }

    @Test
    void aNewWindowStartsAfterTheOldOneEnds() {
        for (int i = 0; i < 3; i++) {
            window.failed("ann", i);
        }
        window.failed("ann", 70_000);
        assertEquals(0, window.retryAfterSeconds("ann", 70_000));
    }

    @Test
    void aSuccessClearsTheKey() {
        for (int i = 0; i < 3; i++) {
            window.failed("ann", i);
        }
        window.succeeded("ann");
        assertEquals(0, window.retryAfterSeconds("ann", 10));
    }
}

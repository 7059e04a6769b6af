package io.provtest.common.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LateAnswerTest {

    @Test
    void anAnswerByItsDeadlineOrWithoutOneSaysNothing() {
        assertNull(LateAnswer.describe(10_000L, 7_000, 7_100, 10_000), "finished at the deadline is on time");
        assertNull(LateAnswer.describe(null, 7_000, 7_100, 99_000), "a request without a deadline is never late");
    }

    @Test
    void aLateAnswerSaysWhereItsTimeWent() {
        // arrived with 1.2 s left, waited 0.4 s for a worker, the handler took 2 s: 1.2 s late
        assertEquals("answered 1200 ms after its caller's deadline: received 1200 ms before it, waited 400 ms for a"
                + " worker, handled in 2000 ms", LateAnswer.describe(10_000L, 8_800, 9_200, 11_200));
    }

    @Test
    void aDroppedRequestSaysHowLongItWaitedHere() {
        assertEquals("dropped: its caller gave up before it was picked up (received 30 ms before its deadline, waited"
                + " 45 ms for a worker)", LateAnswer.dropped(10_000L, 9_970, 10_015));
    }
}

package io.provtest.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfirmWatchTest {

    private static final long S = 1_000_000_000L;
    private final ConfirmWatch watch = new ConfirmWatch(Duration.ofSeconds(60));

    @Test
    void sendsFailingWithTheBrokerThereForLongerThanTheLimitAreAStall() {
        for (long t = 0; t <= 61; t++) {
            watch.unconfirmed(t * S, true);
        }
        assertNull(watch.stalledFor(59 * S), "not yet the limit");
        assertEquals(Duration.ofSeconds(61), watch.stalledFor(61 * S));
    }

    @Test
    void aConfirmEndsTheStall() {
        watch.unconfirmed(0, true);
        watch.unconfirmed(61 * S, true);
        watch.confirmed();
        assertNull(watch.stalledFor(62 * S));
        watch.unconfirmed(63 * S, true);
        assertNull(watch.stalledFor(70 * S), "a new failure starts counting again");
    }

    @Test
    void failuresWhileTheBrokerIsAwayDoNotCount() {
        for (long t = 0; t <= 100; t++) {
            watch.unconfirmed(t * S, false);
        }
        assertNull(watch.stalledFor(100 * S), "the broker was away");
        // back: its first failures start the count, the outage before does not
        watch.unconfirmed(101 * S, true);
        assertNull(watch.stalledFor(102 * S));
        watch.unconfirmed(120 * S, false);
        watch.unconfirmed(162 * S, true);
        assertNull(watch.stalledFor(162 * S), "the broker went away in between: counting starts again");
    }

    @Test
    void noSendForAWhileIsNotAStall() {
        watch.unconfirmed(0, true);
        watch.unconfirmed(50 * S, true);
        assertEquals(Duration.ofSeconds(61), watch.stalledFor(61 * S));
        assertNull(watch.stalledFor(66 * S), "nothing has failed for 16 s: nothing is known to be failing now");
    }
}

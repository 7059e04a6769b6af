package io.provtest.route.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthPolicyTest {

    private static final Set<Integer> ALIVE = Set.of(403, 404, 405, 488, 501);

    private static HealthPolicy.Verdict probe(HealthPolicy.State state, Integer code) {
        return HealthPolicy.apply(state, new HealthPolicy.Probe(code, code == null ? null : 10.0), 3, 1, ALIVE);
    }

    @Test
    void turnsUnhealthyOnlyAfterThreeFailuresInARow() {
        HealthPolicy.State s = new HealthPolicy.State("healthy", 5, 0, 10.0);
        s = probe(s, 503).state();
        s = probe(s, null).state();
        assertEquals("healthy", s.status(), "two failures are not enough");
        HealthPolicy.Verdict third = probe(s, 408);
        assertEquals("unhealthy", third.state().status());
        assertTrue(third.flipped());
        assertEquals("408", third.reason());
    }

    @Test
    void oneGoodAnswerBringsItBackAndResetsTheFailureCount() {
        HealthPolicy.Verdict back = probe(new HealthPolicy.State("unhealthy", 0, 7, null), 200);
        assertEquals("healthy", back.state().status());
        assertEquals(0, back.state().failures());
        assertTrue(back.flipped());
    }

    @Test
    void aCarrierRefusingOptionsIsStillAlive() {
        for (int code : new int[] {200, 202, 403, 404, 405, 488, 501}) {
            assertTrue(HealthPolicy.alive(code, ALIVE), String.valueOf(code));
        }
        for (Integer code : new Integer[] {408, 500, 503, 480, null}) {
            assertFalse(HealthPolicy.alive(code, ALIVE), String.valueOf(code));
        }
    }

    @Test
    void roundTripIsAMovingAverageOfAnsweredProbes() {
        HealthPolicy.State s = new HealthPolicy.State("unknown", 0, 0, null);
        s = HealthPolicy.apply(s, new HealthPolicy.Probe(200, 100.0), 3, 1, ALIVE).state();
        assertEquals(100.0, s.rttMs());
        s = HealthPolicy.apply(s, new HealthPolicy.Probe(200, 200.0), 3, 1, ALIVE).state();
        assertEquals(130.0, s.rttMs(), 0.001);
        s = HealthPolicy.apply(s, new HealthPolicy.Probe(null, null), 3, 1, ALIVE).state();
        assertEquals(130.0, s.rttMs(), 0.001, "a timeout has no round trip");
        assertEquals("timeout", HealthPolicy.apply(s, new HealthPolicy.Probe(null, null), 3, 1, ALIVE).reason());
    }
}

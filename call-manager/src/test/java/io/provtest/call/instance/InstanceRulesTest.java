package io.provtest.call.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.instance.InstanceRules.DrainStep;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InstanceRulesTest {

    @Test
    void aLeaseOutlivesTwoMissedHeartbeats() {
        assertNull(InstanceRules.leaseProblem(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertNull(InstanceRules.leaseProblem(Duration.ofSeconds(5), Duration.ofSeconds(15)));
        assertNotNull(InstanceRules.leaseProblem(Duration.ofSeconds(5), Duration.ofSeconds(14)));
        assertNotNull(InstanceRules.leaseProblem(Duration.ZERO, Duration.ofSeconds(30)));
    }

    @Test
    void aDrainWaitsWhileCallsAreLiveWithinTheGraceThenEndsTheRest() {
        Duration grace = Duration.ofSeconds(90);
        assertEquals(DrainStep.DONE, InstanceRules.drainStep(0, Duration.ZERO, grace));
        assertEquals(DrainStep.DONE, InstanceRules.drainStep(0, Duration.ofSeconds(200), grace));
        assertEquals(DrainStep.WAIT, InstanceRules.drainStep(3, Duration.ofSeconds(89), grace));
        assertEquals(DrainStep.END_REST, InstanceRules.drainStep(3, Duration.ofSeconds(90), grace));
        assertEquals(DrainStep.END_REST, InstanceRules.drainStep(1, Duration.ofSeconds(1), Duration.ZERO));
    }

    @Test
    void causesNameTheInstanceAndWhatHappened() {
        assertTrue(InstanceRules.goneCause("cm-a").contains("cm-a") && InstanceRules.goneCause("cm-a")
                .contains("lease expired"));
        assertTrue(InstanceRules.drainCause("cm-b", Duration.ofSeconds(90)).contains("90 s"));
        assertTrue(InstanceRules.leaseLostCause("cm-c").contains("lost its lease"));
    }
}

package io.provtest.call.engine;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final Admission.Limits LIMITS = new Admission.Limits(250, 5_000, 3_000);

    @Test
    void anEngineOnTimeTakesTheCall() {
        assertNull(Admission.refusal(new Admission.Load(40, 100, 2_999), LIMITS));
    }

    @Test
    void eachCeilingRefusesWithItsOwnReason() {
        assertTrue(Admission.refusal(new Admission.Load(251, 0, 0), LIMITS).contains("251 ms behind"));
        assertTrue(Admission.refusal(new Admission.Load(0, 5_001, 0), LIMITS).contains("waiting for the database"));
        assertTrue(Admission.refusal(new Admission.Load(0, 0, 3_000), LIMITS).contains("setting up 3000 calls"));
    }

    @Test
    void theLagMeterKeepsTheLargestWaitOfTheLastTwoWindowsThenForgetsIt() {
        AtomicLong now = new AtomicLong(10_000);
        LagMeter meter = new LagMeter(1_000, now::get);
        meter.record(300);
        meter.record(20);
        assertTrue(meter.lagMs() == 300);
        now.addAndGet(1_000);
        meter.record(10);
        assertTrue(meter.lagMs() == 300, "the previous window still counts");
        now.addAndGet(1_000);
        assertTrue(meter.lagMs() == 10, "two windows later only the recent wait counts");
        now.addAndGet(5_000);
        assertTrue(meter.lagMs() == 0, "an idle engine is on time");
    }

    @Test
    void aPauseOfTheWholeProcessStopsRefusingWithinHalfASecondOfTheLanesCatchingUp() {
        AtomicLong now = new AtomicLong(10_000);
        LagMeter meter = new LagMeter(EngineExecutors.LAG_WINDOW_MS, now::get);
        meter.record(320); // tasks queued through a collection's pause of ~300 ms
        assertTrue(Admission.refusal(new Admission.Load(meter.lagMs(), 0, 0), LIMITS) != null, "late: refused");
        for (int ms = 0; ms < 500; ms += 10) {
            now.addAndGet(10);
            meter.record(2); // caught up
        }
        assertTrue(Admission.refusal(new Admission.Load(meter.lagMs(), 0, 0), LIMITS) == null,
                "on time again half a second later: " + meter.lagMs() + " ms");
    }
}

package io.provtest.call.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepBudgetTest {

    @Test
    void aLoopOfInstantActionsIsStoppedAtTheLimit() {
        StepBudget budget = new StepBudget(1000, 3);
        assertTrue(budget.step());
        assertTrue(budget.step());
        assertTrue(budget.step());
        assertFalse(budget.step());
        assertEquals("The flow ran 3 actions in a row without playing audio or sleeping; the call was ended "
                + "(a loop in the flow?).", budget.cause());
    }

    @Test
    void audioOrSleepStartsTheRunAgain() {
        StepBudget budget = new StepBudget(1000, 3);
        for (int i = 0; i < 100; i++) {
            assertTrue(budget.step());
            assertTrue(budget.step());
            budget.waited();
        }
        assertNull(budget.cause());
    }

    @Test
    void aLoopThatWaitsIsStoppedAtTheTotal() {
        StepBudget budget = new StepBudget(10, 3);
        for (int i = 0; i < 10; i++) {
            assertTrue(budget.step());
            budget.waited();
        }
        assertFalse(budget.step());
        assertEquals("The flow ran more than 10 actions; the call was ended (a loop in the flow?).", budget.cause());
    }
}

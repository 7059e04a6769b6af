package io.provtest.common.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueLayoutTest {

    private final QueueLayout classic = new QueueLayout(QueueType.CLASSIC, 5, Duration.ofHours(24), 10_000);
    private final QueueLayout quorum = new QueueLayout(QueueType.QUORUM, 5, Duration.ofHours(24), 10_000);

    @Test
    void aClassicRequestQueueKeepsTheArgumentsItAlwaysHadSoAnExistingBrokerNeedsNoMigration() {
        QueueSpec spec = classic.requestQueue("route-manager.request");
        assertTrue(spec.durable());
        assertFalse(spec.autoDelete());
        assertEquals(Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "route-manager.request.dead"),
                spec.arguments());
        assertFalse(spec.disposable());
    }

    @Test
    void aQuorumRequestQueueCountsDeliveriesAndDeadLettersToTheSameQueue() {
        QueueSpec spec = quorum.requestQueue("route-manager.request");
        assertEquals(Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "route-manager.request.dead",
                "x-queue-type", "quorum", "x-delivery-limit", 5), spec.arguments());
        assertEquals("route-manager.request.dead", spec.deadLetters().name());
    }

    @Test
    void theDeadLetterQueueIsBoundedByTtlAndLengthInBothTypes() {
        QueueSpec onClassic = classic.requestQueue("x.request").deadLetters();
        assertEquals(Map.of("x-message-ttl", 86_400_000L, "x-max-length", 10_000), onClassic.arguments());
        assertTrue(onClassic.durable());
        assertTrue(onClassic.disposable(), "dead letters may be dropped when the queue must be replaced");
        assertNull(onClassic.deadLetters());
        QueueSpec onQuorum = quorum.requestQueue("x.request").deadLetters();
        assertEquals(Map.of("x-message-ttl", 86_400_000L, "x-max-length", 10_000, "x-queue-type", "quorum"),
                onQuorum.arguments());
    }

    @Test
    void theInstanceQueueStaysClassicNonDurableAndAutoDeleteEvenInQuorumMode() {
        QueueSpec spec = quorum.instanceQueue("call-manager.cm-1.request");
        assertFalse(spec.durable());
        assertTrue(spec.autoDelete());
        assertEquals(Map.of(), spec.arguments());
        assertNull(spec.deadLetters());
    }

    @Test
    void nonsenseBoundsAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new QueueLayout(QueueType.QUORUM, 0, Duration.ofHours(1), 1));
        assertThrows(IllegalArgumentException.class, () -> new QueueLayout(QueueType.QUORUM, 1, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new QueueLayout(QueueType.QUORUM, 1, Duration.ofHours(1), 0));
    }

    @Test
    void describeNamesTheArgumentsInOrder() {
        assertEquals("durable queue, x-dead-letter-exchange=, x-dead-letter-routing-key=q.dead, x-delivery-limit=5, "
                + "x-queue-type=quorum", quorum.requestQueue("q").describe());
        assertEquals("non-durable auto-delete queue without arguments", quorum.instanceQueue("q").describe());
    }
}

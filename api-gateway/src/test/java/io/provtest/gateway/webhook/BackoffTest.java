package io.provtest.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10));

    @Test
    void doublesFromTheFirstPauseUpToTheMaximum() {
        assertEquals(Duration.ZERO, backoff.delayAfter(0));
        assertEquals(Duration.ofSeconds(5), backoff.delayAfter(1));
        assertEquals(Duration.ofSeconds(10), backoff.delayAfter(2));
        assertEquals(Duration.ofSeconds(20), backoff.delayAfter(3));
        assertEquals(Duration.ofSeconds(320), backoff.delayAfter(7));
        assertEquals(Duration.ofMinutes(10), backoff.delayAfter(8)); // 640 s capped
        assertEquals(Duration.ofMinutes(10), backoff.delayAfter(1_000_000));
    }

    @Test
    void theNextAttemptIsAfterThePauseUnlessThatIsPastTheGiveUpMoment() {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        assertEquals(now.plusSeconds(20), backoff.next(now, 3, now.plusSeconds(20)));
        assertNull(backoff.next(now, 3, now.plusSeconds(19)));
    }

    @Test
    void aDayOfRetriesIsAboutOneHundredFiftyAttempts() {
        Instant created = Instant.parse("2026-12-01T00:00:00Z");
        Instant giveUp = created.plus(Duration.ofHours(24));
        Instant at = created;
        int attempts = 1;
        for (Instant next = backoff.next(at, attempts, giveUp); next != null; next = backoff.next(at, attempts, giveUp)) {
            at = next;
            attempts++;
        }
        // 5+10+...+320 s (about 10.6 min) then every 10 min: the bound that the log's attempt count reaches
        assertEquals(150, attempts);
    }
}

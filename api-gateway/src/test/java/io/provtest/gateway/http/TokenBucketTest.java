package io.provtest.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstThenTheRateAndTheRetryHint() {
        TokenBucket b = new TokenBucket(2, 3);
        long t = 5 * SECOND;
        assertEquals(0, b.take("k", t));
        assertEquals(0, b.take("k", t));
        assertEquals(0, b.take("k", t));
        assertEquals(1, b.take("k", t)); // half a second to the next token: rounded up to 1 s
        assertEquals(0, b.take("k", t + SECOND / 2));
        assertEquals(1, b.take("k", t + SECOND / 2));
    }

    @Test
    void aSlowRateGivesALongerHint() {
        TokenBucket b = new TokenBucket(0.1, 1);
        assertEquals(0, b.take("k", 0));
        assertEquals(10, b.take("k", 0));
        assertEquals(5, b.take("k", 5 * SECOND));
        assertEquals(0, b.take("k", 10 * SECOND));
    }

    @Test
    void clientsAreCountedApartAndAnIdleOneRefillsOnlyToTheBurst() {
        TokenBucket b = new TokenBucket(1, 2);
        assertEquals(0, b.take("a", 0));
        assertEquals(0, b.take("a", 0));
        assertEquals(1, b.take("a", 0));
        assertEquals(0, b.take("b", 0));
        long later = 3600 * SECOND;
        assertEquals(0, b.take("a", later));
        assertEquals(0, b.take("a", later));
        assertEquals(1, b.take("a", later));
    }

    @Test
    void zeroTurnsItOff() {
        TokenBucket b = new TokenBucket(0, 1);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, b.take("k", 0));
        }
    }
}

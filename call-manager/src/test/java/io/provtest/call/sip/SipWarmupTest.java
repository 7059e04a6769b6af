package io.provtest.call.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.Dialog;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/**
 * The SIP path's warm-up before readiness: real stacks on both sides (the endpoint and the carrier inside the
 * process), over loopback UDP.
 */
class SipWarmupTest {

    private static SipWarmupConfig warmup(int calls, Duration timeout) {
        return new SipWarmupConfig() {
            @Override
            public int calls() {
                return calls;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
    }

    /** The test's SIP settings with an advertised address nothing here listens on (TEST-NET-1, RFC 5737). */
    private static SipConfig advertised(TestSipConfig base) {
        return new SipConfig() {
            @Override
            public String host() {
                return base.host();
            }

            @Override
            public int port() {
                return base.port();
            }

            @Override
            public Optional<String> advertisedHost() {
                return Optional.of("192.0.2.1");
            }

            @Override
            public Duration resolveTimeout() {
                return base.resolveTimeout();
            }
        };
    }

    /** What a test does with an endpoint that listens; the endpoint is stopped after it. */
    private interface WithEndpoint {
        void run(SipEndpoint endpoint) throws Exception;
    }

    private static void onStartedEndpoint(SipConfig config, WithEndpoint test) throws Exception {
        SipEndpoint endpoint = new SipEndpoint(config);
        endpoint.onStart(null);
        try {
            test.run(endpoint);
        } finally {
            endpoint.onStop(null);
        }
    }

    @Test
    void everyWarmUpCallRunsItsWholeDialogEndedByTheCarriersByeAndIsDoneBeforeReadiness() throws Exception {
        TestSipConfig config = TestSipConfig.onFreePort();
        onStartedEndpoint(config, endpoint -> {
            SipWarmup warmup = new SipWarmup(endpoint, config, warmup(300, Duration.ofSeconds(30)));
            assertFalse(warmup.done(), "not done before it ran: readiness waits for it");

            SipWarmup.Outcome outcome = warmup.run();

            assertTrue(warmup.done());
            assertEquals(300, outcome.placed(), "every call asked for was placed: " + outcome);
            // the carrier sends its BYE only once our ACK came, so each of these is an INVITE answered, ACKed and
            // ended by the carrier's BYE, which we answered
            assertEquals(300, outcome.endedByCarrier(), "every dialog ended whole, by the carrier: " + outcome);
            assertEquals(0, outcome.endedByUs(), outcome.toString());
        });
    }

    @Test
    void theEngineHearsNothingOfTheWarmUpAndGetsTheEndpointAfterIt() throws Exception {
        TestSipConfig config = TestSipConfig.onFreePort();
        CompletableFuture<String> heard = new CompletableFuture<>();
        onStartedEndpoint(config, endpoint -> {
            SipWarmup warmup = new SipWarmup(endpoint, config, warmup(50, Duration.ofSeconds(30)));
            assertEquals(50, warmup.run().completed());
            // what the engine does at its start, after the warm-up (CallLifecycle, priority 50)
            endpoint.handler(new OneCall.QuietHandler() {
                @Override
                public void onAnswered(String sipCallId, Response response, Dialog dialog) {
                    heard.complete(sipCallId);
                }

                @Override
                public void onRemoteBye(String sipCallId) {
                    heard.complete(sipCallId);
                }
            });
            assertEquals(null, heard.completeOnTimeout(null, 1, TimeUnit.SECONDS).get(),
                    "no warm-up dialog outlived the warm-up to reach the engine");
        });
    }

    @Test
    void withAnAdvertisedAddressTheWarmUpEndsItsDialogsItself() throws Exception {
        TestSipConfig base = TestSipConfig.onFreePort();
        SipConfig config = advertised(base);
        onStartedEndpoint(config, endpoint -> {
            SipWarmup.Outcome outcome = new SipWarmup(endpoint, config, warmup(100, Duration.ofSeconds(30))).run();

            // the carrier's BYE would go to the advertised address, which does not lead back into this process; its
            // answers follow the Via's received address
            assertEquals(100, outcome.endedByUs(), "our BYE ended each dialog and the carrier answered it: "
                    + outcome);
            assertEquals(0, outcome.endedByCarrier(), outcome.toString());
        });
    }

    @Test
    void aWarmUpStopsAtItsDeadlineAndTheInstanceServesAllTheSame() throws Exception {
        TestSipConfig config = TestSipConfig.onFreePort();
        onStartedEndpoint(config, endpoint -> {
            SipWarmup warmup = new SipWarmup(endpoint, config, warmup(10_000_000, Duration.ofSeconds(2)));
            long started = System.nanoTime();

            SipWarmup.Outcome outcome = warmup.run();

            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            // the timeout, then stopping the carrier's stack (which sleeps 1 s) and the dialogs still open
            assertTrue(took < 8_000, "held the start for " + took + " ms with a 2 s timeout");
            assertTrue(outcome.placed() > 0 && outcome.placed() < 10_000_000, outcome.toString());
            assertTrue(warmup.done(), "readiness is not held past the timeout");
        });
    }

    @Test
    void aWarmUpThatCannotRunIsLoggedAndTheInstanceServesAllTheSame() {
        TestSipConfig config = TestSipConfig.onFreePort();
        // the endpoint never started: the first INVITE fails
        SipWarmup warmup = new SipWarmup(new SipEndpoint(config), config, warmup(10, Duration.ofSeconds(5)));

        SipWarmup.Outcome outcome = warmup.run();

        assertTrue(warmup.done());
        assertEquals(0, outcome.completed());
    }

    @Test
    void aWarmUpAfterTheEngineTookTheEndpointIsSkipped() {
        TestSipConfig config = TestSipConfig.onFreePort();
        SipEndpoint endpoint = new SipEndpoint(config);
        endpoint.handler(new OneCall.QuietHandler());
        SipWarmup warmup = new SipWarmup(endpoint, config, warmup(10, Duration.ofSeconds(5)));

        assertEquals(0, warmup.run().placed(), "the engine's calls would have reported to the warm-up meanwhile");
        assertTrue(endpoint.hasHandler(), "the engine keeps the endpoint");
        assertTrue(warmup.done());
    }

    @Test
    void switchedOffItPlacesNothing() {
        TestSipConfig config = TestSipConfig.onFreePort();
        SipWarmup warmup = new SipWarmup(new SipEndpoint(config), config, warmup(0, Duration.ofSeconds(5)));

        assertEquals(0, warmup.run().placed());
        assertTrue(warmup.done());
    }
}

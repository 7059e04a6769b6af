package io.provtest.call.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.SipTimer;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/** The SIP stack's timer: one that forgets a canceled task at once (see SipEndpoint), so a call's ended transactions are not kept for 32 s. */
class SipTimerChoiceTest {

    @Test
    void theChosenTimerRemovesACanceledTaskFromItsQueue() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("javax.sip.STACK_NAME", "timer-choice");
        properties.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME", SipEndpoint.TIMER_CLASS);
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", JulStackLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SipTraceLogger.class.getName());
        javax.sip.SipFactory factory = javax.sip.SipFactory.getInstance();
        factory.setPathName("gov.nist");
        javax.sip.SipStack stack = factory.createSipStack(properties);
        SipTimer timer = ((gov.nist.javax.sip.stack.SIPTransactionStack) stack).getTimer();
        try {
            SIPStackTimerTask task = new SIPStackTimerTask() {
                @Override
                public void runTask() {
                }

                @Override
                public Object getThreadHash() {
                    return null;
                }
            };
            assertTrue(timer.schedule(task, 32_000));
            ScheduledThreadPoolExecutor executor = executorOf(timer);
            int queued = executor.getQueue().size();
            assertTrue(timer.cancel(task));
            assertEquals(queued - 1, executor.getQueue().size(), "the canceled task left the queue");
        } finally {
            stack.stop();
        }
    }

    private static ScheduledThreadPoolExecutor executorOf(SipTimer timer) throws Exception {
        for (var field : timer.getClass().getDeclaredFields()) {
            if (ScheduledThreadPoolExecutor.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                return (ScheduledThreadPoolExecutor) field.get(timer);
            }
        }
        throw new AssertionError("no executor in " + timer.getClass());
    }
}

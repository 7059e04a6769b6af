package io.provtest.call.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import java.util.function.Consumer;
import javax.sip.SipStack;

/**
 * The stack's message tap: every SIP message sent or received, retransmissions and stack-generated ACKs included.
 * The stack instantiates this class by name, so it hands messages to a static sink that {@link SipTraceRecorder}
 * sets.
 */
public class SipTraceLogger implements ServerLogger {

    /** One message as the stack saw it; {@code sent} is true for ours. */
    public record Captured(SIPMessage message, String from, String to, boolean sent, long time) {
    }

    private static volatile Consumer<Captured> sink = m -> { };

    static void sink(Consumer<Captured> consumer) {
        sink = consumer;
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        sink.accept(new Captured(message, from, to, sender, time));
    }

    /** The stack reports each received response a second time "before processing": that copy is dropped. */
    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        if (status == null || !status.startsWith("before processing")) {
            sink.accept(new Captured(message, from, to, sender, time));
        }
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, status, sender, System.currentTimeMillis());
    }

    @Override
    public void closeLogFile() {
    }

    @Override
    public void logException(Exception ex) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public void setSipStack(SipStack sipStack) {
    }
}

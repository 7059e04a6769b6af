package io.provtest.call.call;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Call status, with the reference platform's transition table: forward only, never to itself, and an answered call
 * is ended by {@code terminating}, never {@code canceling}.
 */
public enum CallStatus {
    DIALING, RINGING, PROGRESSING, TERMINATING, CANCELING, HANGUP;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static CallStatus of(String wire) {
        return valueOf(wire.toUpperCase());
    }

    public boolean canMoveTo(CallStatus next) {
        return switch (this) {
            case DIALING -> next != DIALING;
            case RINGING -> next != DIALING && next != RINGING;
            case PROGRESSING -> next == TERMINATING || next == HANGUP;
            case TERMINATING, CANCELING -> next == HANGUP;
            case HANGUP -> false;
        };
    }

    /** The statuses a call may be in for a move to {@code next}: the guard of the conditional UPDATE. */
    public static Set<CallStatus> allowedBefore(CallStatus next) {
        Set<CallStatus> from = EnumSet.noneOf(CallStatus.class);
        Arrays.stream(values()).filter(s -> s.canMoveTo(next)).forEach(from::add);
        return from;
    }

    public boolean answered() {
        return this == PROGRESSING || this == TERMINATING;
    }
}

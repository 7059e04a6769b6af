package io.provtest.call.media;

/** Speech could not be rendered; the message is written for the operator reading the call's hangup cause. */
public final class TtsFailure extends RuntimeException {

    public TtsFailure(String message) {
        super(message, null, false, false);
    }
}

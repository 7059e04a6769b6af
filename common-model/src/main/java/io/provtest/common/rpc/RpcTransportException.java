package io.provtest.common.rpc;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;

/**
 * A request that got no answer from the service because of the transport (the broker, the deadline), as opposed to
 * a typed error the service itself answered, which arrives as a plain {@link ServiceException}. The wire error is the
 * same {@code UNAVAILABLE} one as before (a caller that passes it on shows nothing new); what the class adds is
 * {@link #kind()}, because a caller's next step depends on it: a request that was never sent or had no queue to go to
 * did nothing, while one whose answer was lost or late may have been served (a create must then not be read as
 * "nothing placed", and a question may be asked again).
 */
public final class RpcTransportException extends ServiceException {

    /** What is known of the request's fate. */
    public enum Kind {
        /** The broker was not reachable: the request was not published. */
        NOT_SENT(false),
        /** Published, but no queue took it (the service or instance is not there): nobody saw it. */
        UNROUTABLE(false),
        /** Published, then the connection was lost before the answer came: it may have been served. */
        ANSWER_LOST(true),
        /** Published, and no answer before the deadline: it may have been served, or may still be. */
        TIMED_OUT(true);

        private final boolean mayHaveBeenServed;

        Kind(boolean mayHaveBeenServed) {
            this.mayHaveBeenServed = mayHaveBeenServed;
        }
    }

    private final Kind kind;

    public RpcTransportException(Kind kind, String reason, String message) {
        this(kind, ApiError.of(ErrorStatus.UNAVAILABLE, reason, message));
    }

    /** With the error as the caller is to see it (a retry hint when nothing was done and the caller may come back). */
    public RpcTransportException(Kind kind, ApiError error) {
        super(error);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** False only when the service cannot have seen the request. */
    public boolean mayHaveBeenServed() {
        return kind.mayHaveBeenServed;
    }
}

package io.provtest.common.error;

/** The typed status of a failure, one model from the RPC reply to the HTTP answer (DESIGN.md section 3). */
public enum ErrorStatus {
    INVALID_ARGUMENT(400),
    UNAUTHENTICATED(401),
    PAYMENT_REQUIRED(402),
    PERMISSION_DENIED(403),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    FAILED_PRECONDITION(409),
    RESOURCE_EXHAUSTED(429),
    INTERNAL(500),
    UNAVAILABLE(503);

    private final int httpStatus;

    ErrorStatus(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

package io.provtest.gateway.http;

import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;

/** 429 RESOURCE_EXHAUSTED with a Retry-After header ({@link ErrorMappers}). */
public class RetryLater extends ServiceException {

    private final long retryAfterSeconds;

    public RetryLater(String message, long retryAfterSeconds) {
        super(ErrorStatus.RESOURCE_EXHAUSTED, "RESOURCE_EXHAUSTED", message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

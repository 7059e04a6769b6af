package io.provtest.gateway.auth;

import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;

final class Unauthenticated {

    private Unauthenticated() {
    }

    static ServiceException required() {
        return new ServiceException(ErrorStatus.UNAUTHENTICATED, "AUTHENTICATION_REQUIRED", "Authentication is required.");
    }

    static ServiceException invalid() {
        return new ServiceException(ErrorStatus.UNAUTHENTICATED, "INVALID_CREDENTIALS", "The provided credentials are invalid.");
    }
}

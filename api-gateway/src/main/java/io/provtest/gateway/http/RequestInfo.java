package io.provtest.gateway.http;

import jakarta.enterprise.context.RequestScoped;

/** The X-Request-Id of the HTTP request being served, for the RPCs and events it leads to. */
@RequestScoped
public class RequestInfo {

    private String requestId;

    void setRequestId(String requestId) {
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}

package io.provtest.gateway.http;

import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Every request gets an X-Request-Id (the client's when acceptable), echoed on every response, errors included. */
public class RequestIdFilter {

    private final RequestInfo info;

    public RequestIdFilter(RequestInfo info) {
        this.info = info;
    }

    public static final String HEADER = "X-Request-Id";
    static final String PROPERTY = "request_id";

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        String id = RequestIds.echoOrGenerate(request.getHeaderString(HEADER));
        request.setProperty(PROPERTY, id);
        info.setRequestId(id);
        MDC.put(RpcContext.MDC_KEY, id);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }

    public static String of(ContainerRequestContext request) {
        Object id = request.getProperty(PROPERTY);
        return id == null ? null : id.toString();
    }
}

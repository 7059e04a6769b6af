package io.provtest.gateway.http;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.gateway.auth.PresentedCredential;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Per-client HTTP request rate limit: a token bucket per credential presented (each token or access key is a
 * client; requests without one are keyed by the client address), checked before authentication so that a flood
 * costs neither a token verification nor a backend call. Past it: 429 RATE_LIMIT_EXCEEDED with Retry-After.
 * In memory, per replica: it protects the gateway itself; the call limits that must hold across replicas are
 * enforced where calls are created (call-manager, in PostgreSQL). Application-scoped: created at its first request,
 * when the runtime configuration is there (a filter bean is otherwise built at static init).
 */
@ApplicationScoped
public class RequestRateLimit {

    private final TokenBucket buckets;
    private final double perSecond;

    public RequestRateLimit(RequestRateConfig config) {
        this.buckets = new TokenBucket(config.perSecond(), config.burst());
        this.perSecond = config.perSecond();
    }

    // after the request id is assigned (RequestIdFilter), so the refusal carries it
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 100)
    public Response limit(ContainerRequestContext request, HttpServerRequest http) {
        if (perSecond <= 0) {
            return null; // off: no key to hash, no bucket to take from
        }
        PresentedCredential credential = PresentedCredential.of(request.getHeaderString("Authorization"),
                request.getUriInfo().getQueryParameters().getFirst("token"),
                request.getUriInfo().getQueryParameters().getFirst("accesskey"));
        String key = credential.value() != null ? "c:" + sha256(credential.value())
                : "a:" + (http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        long wait = buckets.take(key, System.nanoTime());
        if (wait == 0) {
            return null;
        }
        return ErrorMappers.envelope(ApiError.retryLater(ErrorStatus.RESOURCE_EXHAUSTED, "RATE_LIMIT_EXCEEDED",
                "More than " + BigDecimal.valueOf(perSecond).stripTrailingZeros().toPlainString() + " requests per second from this client; retry after " + wait + " s.",
                (int) Math.min(Integer.MAX_VALUE, wait)), request);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

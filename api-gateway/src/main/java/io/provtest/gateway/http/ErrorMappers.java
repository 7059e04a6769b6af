package io.provtest.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.FieldViolation;
import io.provtest.common.error.ServiceException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves the gateway as the typed envelope {@code {"error":{status,reason,message,request_id}}}. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response service(ServiceException e, ContainerRequestContext request) {
        return envelope(e.error(), e.httpStatus(), request);
    }

    @ServerExceptionMapper
    public Response retryLater(RetryLater e, ContainerRequestContext request) {
        return Response.fromResponse(envelope(e.error(), e.httpStatus(), request))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    /** Bean Validation of a typed body: one detail per field, named as on the wire. */
    @ServerExceptionMapper
    public Response constraints(ConstraintViolationException e, ContainerRequestContext request) {
        List<FieldViolation> details = e.getConstraintViolations().stream()
                .map(v -> new FieldViolation(wireName(v.getPropertyPath()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldViolation::field)).toList();
        FieldViolation first = details.get(0);
        return envelope(new ApiError(ErrorStatus.INVALID_ARGUMENT, "INVALID_ARGUMENT",
                first.field() + ": " + first.reason() + (details.size() > 1 ? " (and " + (details.size() - 1)
                        + " more)" : ""), null, details), request);
    }

    /**
     * The field as on the wire, from the body down: {@code create.body.techPrefix} is {@code tech_prefix},
     * {@code create.body.destinations[1].target} is {@code destinations[1].target}. A parameter itself (a missing
     * body) is named by its own name.
     */
    static String wireName(jakarta.validation.Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = "";
        for (jakarta.validation.Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> { }
                case PARAMETER -> parameter = node.getName();
                default -> {
                    if (node.isInIterable() && node.getIndex() != null) {
                        field.append('[').append(node.getIndex()).append(']');
                    }
                    String name = node.getName();
                    if (name != null && !name.startsWith("<")) {
                        field.append(field.isEmpty() ? "" : ".").append(snake(name));
                    }
                }
            }
        }
        return field.isEmpty() ? snake(parameter == null ? "" : parameter) : field.toString();
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** A credential was presented and is wrong, expired, revoked or of an unknown form. */
    @ServerExceptionMapper({AuthenticationFailedException.class, AuthenticationCompletionException.class})
    public Response badCredentials(RuntimeException e, ContainerRequestContext request) {
        return envelope(ApiError.of(ErrorStatus.UNAUTHENTICATED, "INVALID_CREDENTIALS",
                "The provided credentials are invalid."), request);
    }

    /** No credential on an endpoint that needs one ({@code @RolesAllowed}/{@code @Authenticated}). */
    @ServerExceptionMapper
    public Response noCredentials(UnauthorizedException e, ContainerRequestContext request) {
        return envelope(ApiError.of(ErrorStatus.UNAUTHENTICATED, "AUTHENTICATION_REQUIRED",
                "Authentication is required."), request);
    }

    /** Authenticated without the role: decided before the body is read or anything is looked up. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
        return service(ServiceException.forbidden(), request);
    }

    /** Unknown paths and known paths with another method alike: no 405, no auth check first. */
    @ServerExceptionMapper({NotFoundException.class, NotAllowedException.class})
    public Response noRoute(WebApplicationException e, ContainerRequestContext request) {
        return envelope(ApiError.of(ErrorStatus.NOT_FOUND, "ROUTE_NOT_FOUND", "The requested endpoint does not exist."),
                request);
    }

    /** Listed on its own: quarkus-rest-jackson maps this subtype itself, without our envelope. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response badJson(Exception e, ContainerRequestContext request) {
        List<FieldViolation> details = JsonProblems.details(e);
        if (details.isEmpty()) {
            return envelope(invalidJson(), request);
        }
        FieldViolation first = details.get(0);
        return envelope(new ApiError(ErrorStatus.INVALID_ARGUMENT, "INVALID_JSON_BODY",
                "The request body does not have the expected types: " + first.field() + " " + first.reason() + ".",
                null, details), request);
    }

    @ServerExceptionMapper
    public Response unsupportedType(NotSupportedException e, ContainerRequestContext request) {
        return envelope(ApiError.of(ErrorStatus.INVALID_ARGUMENT, "INVALID_JSON_BODY",
                "The request body must be JSON (Content-Type: application/json)."), request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        if (status == 400) {
            // RESTEasy reports an unreadable body as a bare 400.
            return envelope(invalidJson(), request);
        }
        if (status < 500) {
            return envelope(ApiError.of(ErrorStatus.INVALID_ARGUMENT, "INVALID_REQUEST", e.getMessage()), request);
        }
        return internal(e, request);
    }

    @ServerExceptionMapper
    public Response internal(Throwable e, ContainerRequestContext request) {
        LOG.error("unhandled failure", e);
        return envelope(ApiError.of(ErrorStatus.INTERNAL, "INTERNAL", "An internal error occurred."), request);
    }

    private static ApiError invalidJson() {
        return ApiError.of(ErrorStatus.INVALID_ARGUMENT, "INVALID_JSON_BODY", "The request body is not valid JSON.");
    }

    static Response envelope(ApiError error, ContainerRequestContext request) {
        return envelope(error, error.httpStatus(), request);
    }

    static Response envelope(ApiError error, int httpStatus, ContainerRequestContext request) {
        String requestId = RequestIdFilter.of(request);
        return Response.status(httpStatus)
                .type(MediaType.APPLICATION_JSON)
                .header(RequestIdFilter.HEADER, requestId)
                .header("Retry-After", error.retryAfterSeconds())
                .entity(Map.of("error", error.withRequestId(requestId)))
                .build();
    }
}

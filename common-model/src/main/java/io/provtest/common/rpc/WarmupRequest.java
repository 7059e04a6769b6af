package io.provtest.common.rpc;

import java.util.UUID;
import java.util.function.Function;

/**
 * A request a service sends itself before it serves ({@link RpcWarmup}): one that runs a hot route's own code (the
 * envelope, the body's parsing and checks, a read by key) and is then refused in a way that leaves nothing behind,
 * an unknown id's 404 or a body's 400. Each send gets a fresh random id, so no cache answers in the handler's place.
 *
 * @param method   the route's method
 * @param uri      the uri for a fresh random id
 * @param data     the body for the same id (null: none)
 * @param expected the refusal's {@code reason} (e.g. {@code PROVIDER_NOT_FOUND}): any other answer stops the warm-up
 */
public record WarmupRequest(String method, Function<UUID, String> uri, Function<UUID, Object> data, String expected) {

    public static WarmupRequest get(Function<UUID, String> uri, String expected) {
        return new WarmupRequest("GET", uri, id -> null, expected);
    }

    public static WarmupRequest post(Function<UUID, String> uri, Function<UUID, Object> data, String expected) {
        return new WarmupRequest("POST", uri, data, expected);
    }

    /** For the log: the route's method and the uri of the nil id. */
    public String describe() {
        return method + " " + uri.apply(new UUID(0, 0));
    }
}

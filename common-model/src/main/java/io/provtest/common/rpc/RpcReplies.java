package io.provtest.common.rpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.provtest.common.json.WireDecimals;

/**
 * The reply envelope as it goes on the wire, a handler's result written into it once. It used to be turned into a
 * JSON tree first ({@code RpcResponse.ok}) and the tree then written: two encodings of every reply, the first a
 * tenth of route-manager's CPU samples under bench/rpc.sh.
 * <p>
 * The wire form stays the one the tree gave: the tree held every decimal without its trailing zeros (a rate read
 * as {@code 0.0100} went out as {@code 0.01}, a zero at any scale as {@code 0}), and readers compare money exactly,
 * so each decimal is written so here too ({@link WireDecimals}). Nothing else differs between the two encodings.
 */
public final class RpcReplies {

    private RpcReplies() {
    }

    /** {@code {"status_code":200,"data":…}}, {@code data} left out when the result is null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Success(int statusCode, Object data) {
    }

    /** The success reply carrying a handler's result. Fails (unchecked) when the result cannot be written. */
    public static byte[] success(Object data) {
        return write(new Success(200, data));
    }

    /** A reply already built (a failure, or what a handler returned as its own reply). */
    public static byte[] of(RpcResponse response) {
        return write(response);
    }

    private static byte[] write(Object envelope) {
        return WireDecimals.bytes(envelope);
    }
}

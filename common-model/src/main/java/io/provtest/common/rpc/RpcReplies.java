package io.provtest.common.rpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import io.provtest.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * The reply envelope as it goes on the wire, a handler's result written into it once. It used to be turned into a
 * JSON tree first ({@code RpcResponse.ok}) and the tree then written: two encodings of every reply, the first a
 * tenth of route-manager's CPU samples under bench/rpc.sh.
 * <p>
 * The wire form stays the one the tree gave: the tree held every decimal without its trailing zeros (a rate read
 * as {@code 0.0100} went out as {@code 0.01}, a zero at any scale as {@code 0}), and readers compare money exactly,
 * so each decimal is written so here too ({@link #wireDecimal}). Nothing else differs between the two encodings.
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

    /** A decimal as the wire carries it: without trailing zeros; exponent form is kept (as the tree wrote it). */
    static BigDecimal wireDecimal(BigDecimal value) {
        try {
            return value.stripTrailingZeros();
        } catch (ArithmeticException e) {
            // a scale that would overflow: written as it is (what the tree did)
            return value;
        }
    }

    private static byte[] write(Object envelope) {
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonGenerator g = new WireDecimals(Json.MAPPER.getFactory().createGenerator(out))) {
            Json.MAPPER.writeValue(g, envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Every decimal written goes through here, a {@code BigDecimal} field as much as a decimal node inside a tree a
     * handler returned.
     */
    private static final class WireDecimals extends JsonGeneratorDelegate {

        WireDecimals(JsonGenerator delegate) {
            super(delegate, false);
        }

        @Override
        public void writeNumber(BigDecimal v) throws IOException {
            super.writeNumber(v == null ? null : wireDecimal(v));
        }
    }
}

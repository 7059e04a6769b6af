package io.provtest.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * A generator that writes every decimal in its wire form: without trailing zeros (a rate read as {@code 0.0100}
 * goes out as {@code 0.01}, a zero at any scale as {@code 0}), exponent form kept. That is the form a JSON tree gave
 * (Jackson's node factory strips them), and the RPC replies and the events were trees once; readers compare money
 * exactly, so writers that skip the tree keep it. A {@code BigDecimal} field and a decimal node inside a tree alike
 * pass through here.
 */
public class WireDecimals extends JsonGeneratorDelegate {

    public WireDecimals(JsonGenerator delegate) {
        super(delegate, false);
    }

    @Override
    public void writeNumber(BigDecimal v) throws IOException {
        super.writeNumber(v == null ? null : wireDecimal(v));
    }

    /** {@code value} as JSON bytes with {@link Json#MAPPER}, every decimal in its wire form. Fails unchecked. */
    public static byte[] bytes(Object value) {
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonGenerator g = new WireDecimals(Json.MAPPER.getFactory().createGenerator(out))) {
            Json.MAPPER.writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A decimal as the wire carries it: without trailing zeros; exponent form is kept (as the tree wrote it). */
    public static BigDecimal wireDecimal(BigDecimal value) {
        try {
            return value.stripTrailingZeros();
        } catch (ArithmeticException e) {
            // a scale that would overflow: written as it is (what the tree did)
            return value;
        }
    }
}

package io.provtest.common.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.provtest.common.json.Json;
import io.provtest.common.json.WireDecimals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An event as it goes on the wire, its data written into the envelope in one pass, with the customer the data names
 * (its top-level {@code customer_id} text, for the {@value EventEnvelope#CUSTOMER_HEADER} header) noted on the way.
 *
 * <p>The data used to become a JSON tree first, for that one field, and the tree was then written: two encodings of
 * every event, together 12 % of flow-manager's CPU samples at saturation and 7 % of route-manager's; the object's own
 * serialization, which stays, is most of that (bench/README.md, "The connector's settings read once; events and RPC
 * requests written once"). The bytes are the ones {@link EventEnvelope} over the tree gave: decimals without trailing
 * zeros ({@link WireDecimals}), as the tree held them; {@code EventBodyTest} compares the two. Where they differ,
 * by cases no event here takes: a tree handed in whose decimals keep trailing zeros (built with
 * {@code put(name, BigDecimal)}) now loses them as well; a {@code customer_id} that is a POJO node, or written by a
 * custom serializer from a {@code Reader}, or given twice, is read as written, not as the tree would have held it.
 */
record EventBody(byte[] bytes, String customerId) {

    static EventBody of(String type, String publisher, String requestId, Object data) {
        // the record left a null name out; an event without a type or a publisher is a mistake, said here
        Objects.requireNonNull(type, "an event's type");
        Objects.requireNonNull(publisher, "an event's publisher");
        ByteArrayBuilder out = new ByteArrayBuilder();
        CustomerOfData g;
        try (CustomerOfData generator = new CustomerOfData(Json.MAPPER.getFactory().createGenerator(out))) {
            g = generator;
            g.writeStartObject();
            g.writeStringField("type", type);
            g.writeStringField("publisher", publisher);
            if (requestId != null) {
                g.writeStringField("request_id", requestId);
            }
            if (data != null) {
                g.writeFieldName("data");
                g.dataFollows();
                Json.MAPPER.writeValue(g, data);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EventBody(out.toByteArray(), g.customer);
    }

    /**
     * Follows the nesting while the envelope is written and keeps the text written for {@code customer_id} directly
     * in the data object (depth 2: the envelope is 1), not one in a nested object or an array.
     */
    private static final class CustomerOfData extends WireDecimals {

        private static final int DATA_DEPTH = 2;

        private int depth;
        private boolean inData;
        private boolean customerNext;
        private String customer;

        CustomerOfData(JsonGenerator delegate) {
            super(delegate);
        }

        void dataFollows() {
            inData = true;
        }

        private void named(String name) {
            customerNext = inData && depth == DATA_DEPTH && EventEnvelope.CUSTOMER_HEADER.equals(name);
        }

        /** Whether the string value about to be written is the data's own customer_id. */
        private boolean customerValue() {
            boolean is = customerNext && depth == DATA_DEPTH;
            customerNext = false;
            return is;
        }

        private void other() {
            customerNext = false;
        }

        /** An object or array begins: whatever follows is inside it, not a value of the last name. */
        private void opens() {
            customerNext = false;
            depth++;
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            named(name);
            super.writeFieldName(name);
        }

        @Override
        public void writeFieldName(SerializableString name) throws IOException {
            named(name.getValue());
            super.writeFieldName(name);
        }

        @Override
        public void writeFieldId(long id) throws IOException {
            other(); // a numeric name is never customer_id
            super.writeFieldId(id);
        }

        @Override
        public void writeString(String text) throws IOException {
            if (customerValue()) {
                customer = text;
            }
            super.writeString(text);
        }

        // a string is made of the other forms only for the one value kept (a UUID field is written as chars)
        @Override
        public void writeString(char[] text, int offset, int len) throws IOException {
            if (customerValue()) {
                customer = new String(text, offset, len);
            }
            super.writeString(text, offset, len);
        }

        @Override
        public void writeString(SerializableString text) throws IOException {
            if (customerValue()) {
                customer = text.getValue();
            }
            super.writeString(text);
        }

        @Override
        public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
            if (customerValue()) {
                customer = new String(text, offset, length, StandardCharsets.UTF_8);
            }
            super.writeUTF8String(text, offset, length);
        }

        @Override
        public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
            if (customerValue()) {
                customer = new String(text, offset, length, StandardCharsets.UTF_8);
            }
            super.writeRawUTF8String(text, offset, length);
        }

        @Override
        public void writeNull() throws IOException {
            other();
            super.writeNull();
        }

        @Override
        public void writeStartObject() throws IOException {
            opens();
            super.writeStartObject();
        }

        @Override
        public void writeStartObject(Object forValue) throws IOException {
            opens();
            super.writeStartObject(forValue);
        }

        @Override
        public void writeStartObject(Object forValue, int size) throws IOException {
            opens();
            super.writeStartObject(forValue, size);
        }

        @Override
        public void writeEndObject() throws IOException {
            depth--;
            super.writeEndObject();
        }

        @Override
        public void writeStartArray() throws IOException {
            opens();
            super.writeStartArray();
        }

        @Override
        public void writeStartArray(int size) throws IOException {
            opens();
            super.writeStartArray(size);
        }

        @Override
        public void writeStartArray(Object forValue) throws IOException {
            opens();
            super.writeStartArray(forValue);
        }

        @Override
        public void writeStartArray(Object forValue, int size) throws IOException {
            opens();
            super.writeStartArray(forValue, size);
        }

        @Override
        public void writeEndArray() throws IOException {
            depth--;
            super.writeEndArray();
        }
    }
}

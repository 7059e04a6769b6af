package io.provtest.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Event envelope on {@code <service>.events} (topic exchange, routing key = type). An event whose data names a
 * customer ({@code data.customer_id}) also carries it as the AMQP header {@value #CUSTOMER_HEADER}, so that a
 * consumer interested in a few customers (the gateway's webhooks) can have the broker route by it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(String type, String publisher, String requestId, JsonNode data) {

    public static final String CUSTOMER_HEADER = "customer_id";

    /** The customer an event's data names ({@code data.customer_id} as text), or null. */
    public static String customerOf(JsonNode data) {
        JsonNode customer = data == null ? null : data.get(CUSTOMER_HEADER);
        return customer != null && customer.isTextual() ? customer.asText() : null;
    }
}

package io.provtest.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** Event envelope on {@code <service>.events} (topic exchange, routing key = type). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(String type, String publisher, String requestId, JsonNode data) {
}

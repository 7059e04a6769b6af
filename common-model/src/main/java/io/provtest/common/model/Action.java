package io.provtest.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** One step of a flow: {@code {"id","next_id","type","option":{…}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Action(UUID id, UUID nextId, String type, JsonNode option) {
}

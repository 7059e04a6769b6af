package io.provtest.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A party of a call: {@code {"type":"tel","target":"+14155551234","target_name":"…"}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Address(String type, String target, String targetName, String name, String detail) {
}

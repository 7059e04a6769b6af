package io.provtest.common.error;

/** One field-level reason inside a validation failure, e.g. {@code tech_headers.X-Foo: "contains CR or LF"}. */
public record FieldViolation(String field, String reason) {
}

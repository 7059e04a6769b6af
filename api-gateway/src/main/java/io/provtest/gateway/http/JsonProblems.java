package io.provtest.gateway.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.provtest.common.error.FieldViolation;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Names the field of a body that parsed as JSON but not as the endpoint's type (for the envelope's details). */
final class JsonProblems {

    private JsonProblems() {
    }

    static List<FieldViolation> details(Exception e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return List.of();
        }
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : mapping.getPath()) {
            if (step.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        if (field.isEmpty()) {
            return List.of();
        }
        if (e instanceof UnrecognizedPropertyException) {
            return List.of(new FieldViolation(field.toString(), "is not a known field"));
        }
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        return List.of(new FieldViolation(field.toString(), expected(target)));
    }

    static String expected(Class<?> target) {
        if (target == null) {
            return "has the wrong JSON type";
        }
        if (CharSequence.class.isAssignableFrom(target) || target == char.class || target == Character.class) {
            return "must be a string";
        }
        if (target == UUID.class) {
            return "must be a UUID string";
        }
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class
                || target == short.class || target == Short.class) {
            return "must be an integer";
        }
        if (Number.class.isAssignableFrom(target) || target == double.class || target == float.class) {
            return "must be a number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "must be a boolean";
        }
        if (target.isArray() || Collection.class.isAssignableFrom(target)) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(target) || target.isRecord()) {
            return "must be an object";
        }
        return "has the wrong JSON type";
    }
}

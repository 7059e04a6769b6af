package io.provtest.gateway.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request type marked with this refuses fields it does not know (400 {@code INVALID_JSON_BODY} naming the field),
 * where the shared mapper otherwise ignores them (an older reader of our own events survives a newer writer). A
 * marker rather than the global switch: the resources typed before it keep their documented leniency.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StrictFields {

    /** The handler {@link StrictJsonCustomizer} installs. */
    final class Handler extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                                             JsonDeserializer<?> deserializer, Object beanOrClass,
                                             String propertyName) throws IOException {
            Class<?> type = deserializer.handledType();
            if (type != null && type.isAnnotationPresent(StrictFields.class)) {
                // Jackson adds the field to the exception's path as it leaves the bean
                throw UnrecognizedPropertyException.from(p, beanOrClass, propertyName,
                        deserializer.getKnownPropertyNames());
            }
            return false; // the mapper's own rule: ignored
        }
    }
}

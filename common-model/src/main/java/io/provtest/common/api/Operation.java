package io.provtest.common.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One route of the server: its method and URI template, written exactly as the server registers it
 * ({@code /v1/providers/{id}}). The one parameter without {@link PathParam} or {@link QueryParam} is the body.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Operation {
    String method();

    String path();
}

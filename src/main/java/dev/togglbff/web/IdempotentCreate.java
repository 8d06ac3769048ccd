package dev.togglbff.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code POST} handler that creates something: it honours {@code Idempotency-Key} (the
 * filter collects every marked handler's paths at start-up) and its OpenAPI operation documents
 * the header. A handler that is not a {@code POST} mapping stops the start.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IdempotentCreate {
}

package dev.togglbff.web;

/** One rejected input field of a {@code VALIDATION_FAILED} problem. */
public record FieldError(String field, String message) {
}

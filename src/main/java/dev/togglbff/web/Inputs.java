package dev.togglbff.web;

import org.jspecify.annotations.Nullable;

/** How request values are read where the API leaves them optional. */
public final class Inputs {

    private Inputs() {
    }

    /** An optional text: absent when missing or blank, else without surrounding white space. */
    public static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package dev.togglbff.web;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One field of a {@code PATCH} body, telling "not sent" from "sent as {@code null}": an absent
 * field keeps its value ({@link #absent()}), an explicit {@code null} removes it
 * ({@link #remove()}), anything else sets it ({@link #of}). Request records declare such fields as
 * {@code Patch<T>}; the API's JSON mapper fills them in (an absent field is never {@code null}),
 * constraints on the field apply to the value when there is one, and the OpenAPI document shows
 * the field as a nullable {@code T}.
 *
 * @param <T> the field's type
 */
public final class Patch<T> {

    private static final Patch<?> ABSENT = new Patch<>(false, null);
    private static final Patch<?> REMOVE = new Patch<>(true, null);

    private final boolean present;
    private final @Nullable T value;

    private Patch(boolean present, @Nullable T value) {
        this.present = present;
        this.value = value;
    }

    /** The field was not sent: keep what is there. */
    @SuppressWarnings("unchecked")
    static <T> Patch<T> absent() {
        return (Patch<T>) ABSENT;
    }

    /** The field was sent as {@code null}: remove what is there. */
    @SuppressWarnings("unchecked")
    static <T> Patch<T> remove() {
        return (Patch<T>) REMOVE;
    }

    /** The field was sent with a value ({@code null} means {@link #remove()}). */
    static <T> Patch<T> of(@Nullable T value) {
        return value == null ? remove() : new Patch<>(true, value);
    }

    /** Whether the field was sent at all (with a value or {@code null}). */
    public boolean present() {
        return present;
    }

    /** Whether the field was sent as {@code null}. */
    public boolean removes() {
        return present && value == null;
    }

    /** The value sent, or {@code null} when the field was absent or {@code null}. */
    public @Nullable T value() {
        return value;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Patch<?> patch && present == patch.present && Objects.equals(value, patch.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(present, value);
    }

    @Override
    public String toString() {
        return !present ? "Patch[absent]" : value == null ? "Patch[remove]" : "Patch[" + value + "]";
    }
}

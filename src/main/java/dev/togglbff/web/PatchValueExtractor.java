package dev.togglbff.web;

import jakarta.validation.valueextraction.ExtractedValue;
import jakarta.validation.valueextraction.UnwrapByDefault;
import jakarta.validation.valueextraction.ValueExtractor;

/**
 * Lets Bean Validation check the value inside a {@link Patch} ({@code @Positive Patch<Long>}
 * checks the number when one was sent); registered through {@code META-INF/services}.
 */
@UnwrapByDefault
public final class PatchValueExtractor implements ValueExtractor<Patch<@ExtractedValue ?>> {

    @Override
    public void extractValues(Patch<?> originalValue, ValueReceiver receiver) {
        receiver.value(null, originalValue.value());
    }
}

package dev.togglbff.web;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.util.AccessPattern;

/**
 * Reads a {@link Patch} field: absent gives {@link Patch#absent()}, {@code null} gives
 * {@link Patch#remove()}, a value is read as the field's type argument (strictly, like any other).
 */
final class PatchDeserializer extends ValueDeserializer<Patch<?>> {

    private final @Nullable ValueDeserializer<Object> values;

    PatchDeserializer() {
        this(null);
    }

    private PatchDeserializer(@Nullable ValueDeserializer<Object> values) {
        this.values = values;
    }

    @Override
    public ValueDeserializer<?> createContextual(DeserializationContext context, @Nullable BeanProperty property) {
        JavaType type = property != null ? property.getType() : context.getContextualType();
        JavaType valueType = type != null ? type.containedTypeOrUnknown(0) : context.constructType(Object.class);
        return new PatchDeserializer(context.findContextualValueDeserializer(valueType, property));
    }

    @Override
    public Patch<?> deserialize(JsonParser parser, DeserializationContext context) {
        if (values == null) {
            throw new IllegalStateException("Patch read without its value type");
        }
        return Patch.of(values.deserialize(parser, context));
    }

    @Override
    public Object getNullValue(DeserializationContext context) {
        return Patch.remove();
    }

    @Override
    public AccessPattern getNullAccessPattern() {
        return AccessPattern.CONSTANT;
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
        return Patch.absent();
    }
}

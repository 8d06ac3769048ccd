package dev.togglbff.web;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** Documents a {@code Patch<T>} field as what it carries: a {@code T} that may also be {@code null}. */
@Component
class PatchSchemas implements ModelConverter {

    @Override
    @SuppressWarnings("rawtypes")
    public @Nullable Schema resolve(AnnotatedType annotated, ModelConverterContext context,
            Iterator<ModelConverter> chain) {
        JavaType type = Json.mapper().constructType(annotated.getType());
        if (type != null && Patch.class.equals(type.getRawClass())) {
            Schema<?> schema = context.resolve(new AnnotatedType(type.containedTypeOrUnknown(0))
                .ctxAnnotations(annotated.getCtxAnnotations())
                .schemaProperty(annotated.isSchemaProperty())
                .propertyName(annotated.getPropertyName())
                .parent(annotated.getParent())
                .jsonViewAnnotation(annotated.getJsonViewAnnotation())
                .resolveAsRef(annotated.isResolveAsRef()));
            if (schema != null) {
                if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
                    Set<String> types = new LinkedHashSet<>(schema.getTypes());
                    types.add("null");
                    schema.setTypes(types);
                }
                else {
                    schema.setNullable(true);
                }
            }
            return schema;
        }
        return chain.hasNext() ? chain.next().resolve(annotated, context, chain) : null;
    }
}

package dev.togglbff.web;

import java.lang.annotation.Annotation;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.Schema;
import org.hibernate.validator.constraints.UniqueElements;
import org.springdoc.core.customizers.PropertyCustomizer;

import org.springframework.stereotype.Component;

/**
 * Documents a list that must not repeat an element ({@link UniqueElements}, which the service
 * checks with a {@code 400 VALIDATION_FAILED}) with {@code uniqueItems}, so that a generated
 * client knows it too.
 */
@Component
class UniqueItemsSchemas implements PropertyCustomizer {

    @Override
    @SuppressWarnings("rawtypes")
    public Schema customize(Schema property, AnnotatedType type) {
        Annotation[] annotations = type.getCtxAnnotations();
        // The list's own schema; its items' schemas are customised with the same annotations.
        if (annotations != null && property.getItems() != null) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof UniqueElements) {
                    property.setUniqueItems(true);
                }
            }
        }
        return property;
    }
}

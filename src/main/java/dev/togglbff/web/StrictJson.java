package dev.togglbff.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's own JSON mapper reads request bodies strictly: a value must already have the type the
 * field declares. No floats for integers, no numbers or booleans for strings, no strings or
 * numbers for booleans, no numbers for enums or times, no blank strings taken as absent, no
 * unknown enum values or fields, no duplicate keys, no control characters in text other than tab
 * and line breaks. Times are RFC 3339 strings with an offset, between {@link #EARLIEST} and
 * {@link #LATEST}.
 * <p>
 * This applies to Spring's {@link JsonMapper} only; Toggl's and Maton's answers are read by the
 * upstream module's own, lenient mapper.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    /** Earliest time a request may carry (Toggl has no entries before the UNIX epoch). */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** Latest time a request may carry: the end of year 9999, the last one with four digits. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    @Bean
    JsonMapperBuilderCustomizer strictApiJson() {
        return builder -> builder
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                    DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT,
                    DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL,
                    EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS, MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS,
                    MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, MapperFeature.ACCEPT_CASE_INSENSITIVE_VALUES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfigDefaults(config -> config.setAcceptBlankAsEmpty(false)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                // An empty string is a string; whether it is allowed is the field's validation.
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.TryConvert))
            .withCoercionConfig(LogicalType.Integer, config -> config
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, config -> config
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Enum, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .addModule(new SimpleModule("strict-api-json").addDeserializer(Instant.class, new StrictInstant())
                .addDeserializer(String.class, new StrictString())
                .addDeserializer(Patch.class, new PatchDeserializer()));
    }

    /** Whether a time lies in the range requests may carry. */
    static boolean supported(Instant time) {
        return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
    }

    /** A value that only a JSON string may give: any other token is refused, whatever it could be read as. */
    abstract static class FromString<T> extends StdScalarDeserializer<T> {

        private final Class<T> type;
        private final LogicalType logicalType;

        FromString(Class<T> type, LogicalType logicalType) {
            super(type);
            this.type = type;
            this.logicalType = logicalType;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return type.cast(context.handleUnexpectedToken(type, parser));
            }
            return read(parser.getString(), context);
        }

        /** The value of the string, or {@code context.handleWeirdStringValue(…)} when it has none. */
        abstract T read(String text, DeserializationContext context);

        final T refuse(String text, String why, DeserializationContext context) {
            return type.cast(context.handleWeirdStringValue(type, text, why));
        }

        @Override
        public LogicalType logicalType() {
            return logicalType;
        }
    }

    /**
     * Text without control characters other than tab, line feed and carriage return (a NUL or an
     * escape character is never text a frontend means to store), and without half a surrogate pair:
     * a JSON escape can name one, but it is no character, and UTF-8 (what the
     * database and Toggl store) cannot carry it.
     */
    static final class StrictString extends FromString<String> {

        StrictString() {
            super(String.class, LogicalType.Textual);
        }

        @Override
        String read(String text, DeserializationContext context) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) {
                    return refuse("", "contains a control character", context);
                }
                if (Character.isSurrogate(c)) {
                    if (Character.isLowSurrogate(c) || i + 1 == text.length()
                            || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return refuse("", "contains half a surrogate pair", context);
                    }
                    i++;
                }
            }
            return text;
        }
    }

    /**
     * An {@link Instant} from an RFC 3339 string with an offset ({@code 2026-11-23T09:00:00Z},
     * {@code …+01:00}) within the supported range; numbers, blank strings and other shapes are refused.
     */
    static final class StrictInstant extends FromString<Instant> {

        StrictInstant() {
            super(Instant.class, LogicalType.DateTime);
        }

        @Override
        Instant read(String text, DeserializationContext context) {
            Instant time;
            try {
                time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
            catch (DateTimeParseException ex) {
                return refuse(text, "not an RFC 3339 date-time with an offset", context);
            }
            return supported(time) ? time : refuse(text, "outside 1970-01-01T00:00:00Z..9999-12-31T23:59:59Z", context);
        }
    }
}

package dev.togglbff.web;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Numbers in paths and query strings are plain decimal digits (an optional leading {@code -} for
 * the few signed ones): no {@code 0x10}, no {@code +5}, no full-width or other non-ASCII digits,
 * no surrounding spaces. Anything else is {@code 400 VALIDATION_FAILED} naming the parameter.
 */
@Configuration(proxyBeanMethods = false)
class StrictParameters implements WebMvcConfigurer {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(String.class, Long.class, new DecimalConverter<>(Long::valueOf));
        registry.addConverter(String.class, Integer.class, new DecimalConverter<>(Integer::valueOf));
    }

    /** Parses plain decimal digits; an empty value is "not given", like Spring's own converters. */
    private record DecimalConverter<T>(Converter<String, T> parse) implements Converter<String, T> {

        @Override
        public @Nullable T convert(String source) {
            if (source.isEmpty()) {
                return null;
            }
            if (!DECIMAL.matcher(source).matches()) {
                throw new IllegalArgumentException("not a plain decimal number");
            }
            return parse.convert(source);
        }
    }
}

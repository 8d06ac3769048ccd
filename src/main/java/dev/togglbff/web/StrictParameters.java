package dev.togglbff.web;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Numbers in paths and query strings are plain decimal digits (an optional leading {@code -} for
 * the few signed ones): no {@code 0x10}, no {@code +5}, no full-width or other non-ASCII digits,
 * no surrounding spaces. Anything else is {@code 400 VALIDATION_FAILED} naming the parameter.
 * <p>
 * Registered as property editors on every binder, because a converter that refuses a value lets
 * Spring fall back to its default number editor, which reads {@code 0x10} as 16.
 */
@ControllerAdvice
class StrictParameters {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

    @InitBinder
    void strictNumbers(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new DecimalEditor(Long::valueOf, false));
        binder.registerCustomEditor(Long.class, new DecimalEditor(Long::valueOf, true));
        binder.registerCustomEditor(int.class, new DecimalEditor(Integer::valueOf, false));
        binder.registerCustomEditor(Integer.class, new DecimalEditor(Integer::valueOf, true));
    }

    /** Parses plain decimal digits; an empty value is "not given" where the type allows it. */
    private static final class DecimalEditor extends PropertyEditorSupport {

        private final Function<String, Number> parse;
        private final boolean emptyIsNull;

        DecimalEditor(Function<String, Number> parse, boolean emptyIsNull) {
            this.parse = parse;
            this.emptyIsNull = emptyIsNull;
        }

        @Override
        public void setAsText(@Nullable String text) {
            if ((text == null || text.isEmpty()) && emptyIsNull) {
                setValue(null);
                return;
            }
            if (text == null || !DECIMAL.matcher(text).matches()) {
                throw new IllegalArgumentException("not a plain decimal number");
            }
            setValue(parse.apply(text));
        }
    }
}

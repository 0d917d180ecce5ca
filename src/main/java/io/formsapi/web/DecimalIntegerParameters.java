package io.formsapi.web;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Integer request parameters in plain decimal only. Spring's own conversion ends in {@link Integer#decode} (its
 * number editor is the fallback of any converter that refuses), which reads {@code 0x10} and {@code #10} as 16 and
 * {@code 010} as 8, and accepts a {@code +} sign and surrounding whitespace: one value with several spellings,
 * none of them documented. A binder's own editor is used instead of both.
 */
@ControllerAdvice
class DecimalIntegerParameters {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,10}");

    @InitBinder
    void decimalIntegers(WebDataBinder binder) {
        binder.registerCustomEditor(Integer.class, new DecimalEditor());
        binder.registerCustomEditor(int.class, new DecimalEditor());
    }

    private static final class DecimalEditor extends PropertyEditorSupport {

        @Override
        public void setAsText(String text) {
            if (!DECIMAL.matcher(text).matches()) {
                throw new IllegalArgumentException("not a decimal integer");
            }
            setValue(Integer.valueOf(text));
        }
    }
}

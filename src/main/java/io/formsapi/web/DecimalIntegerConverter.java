package io.formsapi.web;

import java.util.regex.Pattern;

import org.springframework.core.convert.converter.Converter;

/**
 * Integer request parameters in plain decimal only. Spring's own conversion goes through {@link Integer#decode},
 * which also reads {@code 0x10} and {@code #10} as 16, {@code 010} as 8 and accepts a {@code +} sign and
 * surrounding whitespace: one value with several spellings, none of them documented.
 */
final class DecimalIntegerConverter implements Converter<String, Integer> {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,10}");

    @Override
    public Integer convert(String source) {
        if (!DECIMAL.matcher(source).matches()) {
            throw new IllegalArgumentException("not a decimal integer");
        }
        return Integer.valueOf(source);
    }
}

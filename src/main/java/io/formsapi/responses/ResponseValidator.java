package io.formsapi.responses;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.formsapi.forms.Field;
import io.formsapi.forms.Form;
import io.formsapi.web.ApiException;
import io.formsapi.web.FieldProblem;
import io.formsapi.web.PrintableText;

/** Checks answers against a form's fields and normalises them to the stored representation. */
@Component
class ResponseValidator {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    Map<String, Object> validate(Form form, Map<String, Object> answers) {
        Map<String, Object> given = answers == null ? Map.of() : answers;
        List<FieldProblem> errors = new ArrayList<>();
        for (String key : given.keySet()) {
            if (form.field(key).isEmpty()) {
                errors.add(new FieldProblem(path(key), "is not a field of this form"));
            }
        }
        Map<String, Object> normalised = new LinkedHashMap<>();
        for (Field field : form.fields()) {
            Object raw = given.get(field.id());
            if (isBlank(raw)) {
                if (field.required()) {
                    errors.add(new FieldProblem(path(field.id()), "is required"));
                }
                continue;
            }
            try {
                normalised.put(field.id(), normalise(field, raw));
            } catch (InvalidAnswer e) {
                errors.add(new FieldProblem(path(field.id()), e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return normalised;
    }

    private static Object normalise(Field field, Object raw) {
        return switch (field.type()) {
            case TEXT, LONG_TEXT -> text(field, raw);
            case NUMBER -> number(field, raw);
            case RATING -> rating(field, raw);
            case SINGLE_CHOICE -> option(field, raw);
            case MULTI_CHOICE -> options(field, raw);
            case DATE -> date(raw);
            case EMAIL -> email(raw);
        };
    }

    private static String text(Field field, Object raw) {
        String text = string(raw).strip();
        int min = field.min() == null ? 0 : field.min().intValue();
        if (text.length() < min || text.length() > field.maxLength()) {
            throw new InvalidAnswer("must be " + min + " to " + field.maxLength() + " characters");
        }
        return printable(PrintableText.MULTI_LINE, text);
    }

    private static Double number(Field field, Object raw) {
        if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new InvalidAnswer("must be a number");
        }
        double value = n.doubleValue();
        if ((field.min() != null && value < field.min()) || (field.max() != null && value > field.max())) {
            throw new InvalidAnswer("must be between " + bound(field.min()) + " and " + bound(field.max()));
        }
        return value;
    }

    private static Integer rating(Field field, Object raw) {
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < 1 || n.doubleValue() > field.ratingScale()) {
            throw new InvalidAnswer("must be a whole number from 1 to " + field.ratingScale());
        }
        return n.intValue();
    }

    private static String option(Field field, Object raw) {
        String given = string(raw).strip();
        return canonicalOption(field, given)
                .orElseThrow(() -> new InvalidAnswer("must be one of " + field.options()));
    }

    private static List<String> options(Field field, Object raw) {
        if (!(raw instanceof List<?> list)) {
            throw new InvalidAnswer("must be a list of options");
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (Object item : list) {
            String option = canonicalOption(field, string(item).strip())
                    .orElseThrow(() -> new InvalidAnswer("every item must be one of " + field.options()));
            if (!chosen.add(option)) {
                throw new InvalidAnswer("lists " + option + " twice");
            }
        }
        return List.copyOf(chosen);
    }

    private static String date(Object raw) {
        try {
            return LocalDate.parse(string(raw).strip()).toString();
        } catch (DateTimeParseException e) {
            throw new InvalidAnswer("must be a date as YYYY-MM-DD");
        }
    }

    private static String email(Object raw) {
        String email = string(raw).strip();
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new InvalidAnswer("must be a valid email address");
        }
        return printable(PrintableText.SINGLE_LINE, email);
    }

    private static String printable(PrintableText rule, String text) {
        rule.problem(text).ifPresent(problem -> {
            throw new InvalidAnswer(problem);
        });
        return text;
    }

    private static Optional<String> canonicalOption(Field field, String given) {
        return field.options().stream().filter(o -> o.toLowerCase(Locale.ROOT).equals(given.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    private static String string(Object raw) {
        if (!(raw instanceof String s)) {
            throw new InvalidAnswer("must be a string");
        }
        return s;
    }

    private static boolean isBlank(Object raw) {
        return raw == null || (raw instanceof String s && s.isBlank()) || (raw instanceof List<?> l && l.isEmpty());
    }

    private static String bound(Double value) {
        return value == null ? "any" : value.toString();
    }

    private static String path(String fieldId) {
        return "answers." + fieldId;
    }

    private static final class InvalidAnswer extends RuntimeException {
        InvalidAnswer(String message) {
            super(message, null, false, false);
        }
    }
}

package io.formsapi.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.mongodb.core.query.Criteria;

import io.formsapi.responses.FormResponse;

/**
 * Turns a parsed query into MongoDB criteria. Only typed values reach the database (numbers, instants, the form's
 * own option texts and words as plain values); paths are built from the form's field ids, which the schema
 * restricts to a path-safe alphabet.
 */
final class SearchCriteria {

    private SearchCriteria() {
    }

    /** The responses the structured filters select: the collection free words are weighed against. */
    static Criteria filtered(String formId, ParsedQuery query) {
        return and(parts(formId, query));
    }

    /**
     * The responses the whole query selects: the filters, at least one free word or named option if any, no
     * excluded word.
     */
    static Criteria matching(String formId, ParsedQuery query) {
        List<Criteria> parts = parts(formId, query);
        if (!query.words().isEmpty()) {
            List<Criteria> anyWord = new ArrayList<>();
            anyWord.add(Criteria.where(FormResponse.TERMS).in(query.words()));
            query.namedOptions().forEach(option -> anyWord.add(choice(option)));
            parts.add(anyWord.size() == 1 ? anyWord.get(0) : new Criteria().orOperator(anyWord));
        }
        if (!query.excludedWords().isEmpty()) {
            parts.add(Criteria.where(FormResponse.TERMS).nin(query.excludedWords()));
        }
        return and(parts);
    }

    /**
     * The responses the filters select that do not contain {@code word} but chose one of {@code options}: the
     * ones a named option adds to the responses containing the word.
     */
    static Criteria choosingWithoutWord(String formId, ParsedQuery query, String word, List<ChoiceFilter> options) {
        List<Criteria> parts = parts(formId, query);
        parts.add(Criteria.where(FormResponse.TERMS).ne(word));
        parts.add(new Criteria().orOperator(options.stream().map(SearchCriteria::choice).toList()));
        return and(parts);
    }

    private static List<Criteria> parts(String formId, ParsedQuery query) {
        List<Criteria> parts = new ArrayList<>();
        parts.add(Criteria.where(FormResponse.FORM_ID).is(formId));
        query.filters().forEach(filter -> parts.add(of(filter)));
        return parts;
    }

    private static Criteria of(Filter filter) {
        if (filter instanceof NumericFilter numeric) {
            return numeric(numeric);
        }
        if (filter instanceof DateFilter date) {
            return date(date);
        }
        if (filter instanceof ChoiceFilter choice) {
            return choice(choice);
        }
        AnyOfFilter anyOf = (AnyOfFilter) filter;
        return new Criteria().orOperator(anyOf.filters().stream().map(SearchCriteria::choice).toList());
    }

    private static Criteria numeric(NumericFilter filter) {
        Criteria answer = Criteria.where(FormResponse.answerPath(filter.field()));
        return switch (filter.op()) {
            case GREATER -> answer.gt(filter.value());
            case AT_LEAST -> answer.gte(filter.value());
            case LESS -> answer.lt(filter.value());
            case AT_MOST -> answer.lte(filter.value());
            case EQUAL -> answer.is(filter.value());
        };
    }

    /** Submission times are instants; date answers are YYYY-MM-DD strings, which sort like the days they name. */
    private static Criteria date(DateFilter filter) {
        boolean answer = filter.field() != null;
        Criteria criteria = Criteria.where(answer ? FormResponse.answerPath(filter.field()) : FormResponse.SUBMITTED_AT);
        if (filter.from() != null) {
            criteria.gte(answer ? day(filter.from()) : filter.from());
        }
        if (filter.to() != null) {
            criteria.lt(answer ? day(filter.to()) : filter.to());
        }
        return criteria;
    }

    private static String day(Instant start) {
        return LocalDate.ofInstant(start, ZoneOffset.UTC).toString();
    }

    /** A missing answer is none of the options, so a negated filter keeps responses that skipped the question. */
    private static Criteria choice(ChoiceFilter filter) {
        Criteria answer = Criteria.where(FormResponse.answerPath(filter.field()));
        return filter.negated() ? answer.nin(filter.options()) : answer.in(filter.options());
    }

    private static Criteria and(List<Criteria> parts) {
        return new Criteria().andOperator(parts);
    }
}

package io.formsapi.search;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.springframework.stereotype.Component;

import io.formsapi.forms.Field;
import io.formsapi.forms.FieldType;
import io.formsapi.search.DatePhrases.DayRange;
import io.formsapi.search.QueryTokens.Match;

/**
 * Understands a search query against one form's fields (the grammar is described in docs/SEARCH.md). It never
 * rejects a query: whatever is not understood is searched for as free words. Field ids and option texts in the
 * result come from the form, never from the query.
 */
@Component
public class QueryParser {

    private static final Set<String> NEGATIONS = Set.of("not", "no", "without");
    private static final Set<String> CHOICE_VERBS = Set.of("chose", "chosen", "picked", "selected");
    private static final Set<String> STARS = Set.of("star", "stars");
    private static final Map<List<String>, Comparison> WORD_COMPARISONS = Map.of(
            List.of("at", "least"), Comparison.AT_LEAST, List.of("at", "most"), Comparison.AT_MOST,
            List.of("over"), Comparison.GREATER, List.of("above"), Comparison.GREATER,
            List.of("more", "than"), Comparison.GREATER, List.of("greater", "than"), Comparison.GREATER,
            List.of("below"), Comparison.LESS, List.of("under"), Comparison.LESS,
            List.of("less", "than"), Comparison.LESS);

    private final Clock clock;

    public QueryParser(Clock clock) {
        this.clock = clock;
    }

    public ParsedQuery parse(String query, List<Field> fields) {
        return new Parse(QueryTokens.of(query), new FormVocabulary(fields), LocalDate.now(clock)).run();
    }

    /** The state of parsing one query. Every rule either matches and says where it ended, or returns null. */
    private static final class Parse {

        private final QueryTokens tokens;
        private final FormVocabulary vocabulary;
        private final LocalDate today;
        private final List<IntFunction<Match<List<Filter>>>> rules = List.of(this::negatedChoice, this::labeled,
                this::stars, this::submissionDate, this::chosen);
        private final Set<Filter> filters = new LinkedHashSet<>();
        private final Set<String> words = new LinkedHashSet<>();
        private final Set<ChoiceFilter> namedOptions = new LinkedHashSet<>();
        private final Set<String> excludedWords = new LinkedHashSet<>();

        Parse(QueryTokens tokens, FormVocabulary vocabulary, LocalDate today) {
            this.tokens = tokens;
            this.vocabulary = vocabulary;
            this.today = today;
        }

        ParsedQuery run() {
            int i = 0;
            while (i < tokens.size()) {
                i = step(i);
            }
            return new ParsedQuery(new ArrayList<>(filters), new ArrayList<>(words), new ArrayList<>(namedOptions),
                    new ArrayList<>(excludedWords));
        }

        private int step(int i) {
            for (IntFunction<Match<List<Filter>>> rule : rules) {
                Match<List<Filter>> found = rule.apply(i);
                if (found != null) {
                    filters.addAll(found.value());
                    return found.end();
                }
            }
            Match<String> excluded = excludedWord(i);
            if (excluded != null) {
                excludedWords.add(excluded.value());
                return excluded.end();
            }
            int afterOption = namedOption(i);
            if (afterOption > i) {
                return afterOption;
            }
            String word = tokens.word(i);
            if (word != null && !StopWords.contains(word)) {
                words.add(word);
            }
            return i + 1;
        }

        /** "not color blue", "no blue", "without chosen blue", "-blue": none of those options. */
        private Match<List<Filter>> negatedChoice(int i) {
            int at = negated(i);
            if (at < 0) {
                return null;
            }
            Match<Map<Field, Set<String>>> options = labeledOptions(at);
            if (options == null) {
                options = verbOptions(at);
            }
            if (options == null) {
                options = options(at, vocabulary.choiceFields());
            }
            return choiceFilters(options, true);
        }

        /**
         * "blue", "light blue": an option on its own, the longest one, is free words that a response which chose
         * it also matches. Returns where it ends, or {@code i} when there is none or it has only stop words.
         */
        private int namedOption(int i) {
            Match<Map<Field, Set<String>>> option = vocabulary.optionAt(tokens, i, vocabulary.choiceFields());
            if (option == null) {
                return i;
            }
            List<String> optionWords = tokens.wordsFrom(i, option.end() - i).stream()
                    .filter(word -> !StopWords.contains(word)).toList();
            if (optionWords.isEmpty()) {
                return i;
            }
            words.addAll(optionWords);
            option.value().forEach((field, texts) -> namedOptions.add(
                    new ChoiceFilter(field.id(), field.label(), List.copyOf(texts), false)));
            return option.end();
        }

        /** "not refund", "without the refund", "-refund": one word, never a stop word. */
        private Match<String> excludedWord(int i) {
            int at = negated(i);
            String word = at < 0 ? null : tokens.word(at);
            return word == null || StopWords.contains(word) ? null : new Match<>(word, at + 1);
        }

        /**
         * Where what a negation at {@code i} applies to starts, or -1 when there is no negation: a "-" applies to
         * the word glued to it, a negating word to the next word that is not a stop word ("without the delay").
         */
        private int negated(int i) {
            if (tokens.isLeadingSymbol(i, '-')) {
                return i + 1;
            }
            if (!tokens.isWordIn(i, NEGATIONS)) {
                return -1;
            }
            int at = i + 1;
            while (tokens.word(at) != null && StopWords.contains(tokens.word(at))) {
                at++;
            }
            return at;
        }

        /** A label, optionally "is" or ":", then what the field's type expects. The longest label that fits wins. */
        private Match<List<Filter>> labeled(int i) {
            for (Match<Field> label : vocabulary.labelsAt(tokens, i)) {
                Field field = label.value();
                int at = afterConnector(label.end());
                Match<List<Filter>> found = switch (field.type()) {
                    case NUMBER, RATING -> comparison(field, at);
                    case SINGLE_CHOICE, MULTI_CHOICE -> choiceFilters(options(at, List.of(field)), false);
                    case DATE -> answerDate(field, at);
                    default -> null;
                };
                if (found != null) {
                    return found;
                }
            }
            return null;
        }

        private int afterConnector(int i) {
            return tokens.isWord(i, "is") || tokens.isSymbol(i, ':') ? i + 1 : i;
        }

        /** ">= 4", "at least 4", "over 30", "5" (equal), "between 20 and 30" (both included). */
        private Match<List<Filter>> comparison(Field field, int i) {
            if (tokens.isWord(i, "between")) {
                Match<Number> low = tokens.number(i + 1);
                Match<Number> high = low == null || !tokens.isWord(low.end(), "and") ? null
                        : tokens.number(low.end() + 1);
                if (high == null) {
                    return null;
                }
                boolean reversed = low.value().doubleValue() > high.value().doubleValue();
                return new Match<>(List.of(numeric(field, Comparison.AT_LEAST, reversed ? high : low),
                        numeric(field, Comparison.AT_MOST, reversed ? low : high)), afterStars(field, high.end()));
            }
            Match<Comparison> comparator = comparator(i);
            Match<Number> number = tokens.number(comparator == null ? i : comparator.end());
            if (number == null) {
                return null;
            }
            Comparison op = comparator == null ? Comparison.EQUAL : comparator.value();
            return new Match<>(List.of(numeric(field, op, number)), afterStars(field, number.end()));
        }

        /** "rating at least 4 stars" reads naturally, so a rating comparison may end with "stars". */
        private int afterStars(Field field, int i) {
            return field.type() == FieldType.RATING && tokens.isWordIn(i, STARS) ? i + 1 : i;
        }

        /** "5 stars", "4+ stars", "at least 4 stars": only when the form has a single rating field. */
        private Match<List<Filter>> stars(int i) {
            Field rating = vocabulary.onlyRatingField();
            if (rating == null) {
                return null;
            }
            Match<Comparison> comparator = comparator(i);
            Match<Number> number = tokens.number(comparator == null ? i : comparator.end());
            if (number == null) {
                return null;
            }
            Comparison op = comparator == null ? Comparison.EQUAL : comparator.value();
            int end = number.end();
            if (comparator == null && tokens.isGluedSymbol(end, '+')) {
                op = Comparison.AT_LEAST;
                end++;
            }
            if (!tokens.isWordIn(end, STARS)) {
                return null;
            }
            return new Match<>(List.of(numeric(rating, op, number)), end + 1);
        }

        private Match<Comparison> comparator(int i) {
            if (tokens.isSymbol(i, '>') || tokens.isSymbol(i, '<')) {
                boolean orEqual = tokens.isGluedSymbol(i + 1, '=');
                Comparison op = tokens.isSymbol(i, '>')
                        ? (orEqual ? Comparison.AT_LEAST : Comparison.GREATER)
                        : (orEqual ? Comparison.AT_MOST : Comparison.LESS);
                return new Match<>(op, orEqual ? i + 2 : i + 1);
            }
            if (tokens.isSymbol(i, '=')) {
                return new Match<>(Comparison.EQUAL, tokens.isGluedSymbol(i + 1, '=') ? i + 2 : i + 1);
            }
            for (Map.Entry<List<String>, Comparison> phrase : WORD_COMPARISONS.entrySet()) {
                if (tokens.areWords(i, phrase.getKey())) {
                    return new Match<>(phrase.getValue(), i + phrase.getKey().size());
                }
            }
            return null;
        }

        private static NumericFilter numeric(Field field, Comparison op, Match<Number> number) {
            return new NumericFilter(field.id(), field.label(), op, number.value());
        }

        /** "visit before 2026-02-01", "visit last month", "visit 2026-01-15": the day a date answer names. */
        private Match<List<Filter>> answerDate(Field field, int i) {
            Match<DayRange> range = DatePhrases.at(tokens, i, today);
            if (range == null) {
                range = DatePhrases.day(tokens, i);
            }
            return range == null ? null
                    : new Match<>(List.of(dateFilter(field, i, range)), range.end());
        }

        private Match<List<Filter>> submissionDate(int i) {
            Match<DayRange> range = DatePhrases.at(tokens, i, today);
            return range == null ? null : new Match<>(List.of(dateFilter(null, i, range)), range.end());
        }

        private DateFilter dateFilter(Field field, int start, Match<DayRange> range) {
            return new DateFilter(field == null ? null : field.id(), field == null ? null : field.label(),
                    tokens.text(start, range.end()), range.value().fromInstant(), range.value().toInstant());
        }

        /** "chose blue", "picked red or green": the option in whichever choice fields have it. */
        private Match<List<Filter>> chosen(int i) {
            return choiceFilters(verbOptions(i), false);
        }

        private Match<Map<Field, Set<String>>> verbOptions(int i) {
            return tokens.isWordIn(i, CHOICE_VERBS) ? options(i + 1, vocabulary.choiceFields()) : null;
        }

        private Match<Map<Field, Set<String>>> labeledOptions(int i) {
            for (Match<Field> label : vocabulary.labelsAt(tokens, i)) {
                if (label.value().type().isChoice()) {
                    Match<Map<Field, Set<String>>> options = options(afterConnector(label.end()),
                            List.of(label.value()));
                    if (options != null) {
                        return options;
                    }
                }
            }
            return null;
        }

        /** One option, or several joined by "or", of any of {@code fields}. */
        private Match<Map<Field, Set<String>>> options(int i, List<Field> fields) {
            Match<Map<Field, Set<String>>> option = vocabulary.optionAt(tokens, i, fields);
            if (option == null) {
                return null;
            }
            Map<Field, Set<String>> all = new LinkedHashMap<>();
            int end;
            do {
                option.value().forEach((field, texts) -> all.computeIfAbsent(field, f -> new LinkedHashSet<>())
                        .addAll(texts));
                end = option.end();
                option = tokens.isWord(end, "or") ? vocabulary.optionAt(tokens, end + 1, fields) : null;
            } while (option != null);
            return new Match<>(all, end);
        }

        /**
         * One filter per field. Chosen options may be in any of the fields; negated ones in none of them, which
         * separate filters (all of which must hold) already say.
         */
        private static Match<List<Filter>> choiceFilters(Match<Map<Field, Set<String>>> options, boolean negated) {
            if (options == null) {
                return null;
            }
            List<ChoiceFilter> perField = options.value().entrySet().stream()
                    .map(e -> new ChoiceFilter(e.getKey().id(), e.getKey().label(), List.copyOf(e.getValue()),
                            negated))
                    .toList();
            List<Filter> filters = negated || perField.size() == 1 ? List.copyOf(perField)
                    : List.of(new AnyOfFilter(perField));
            return new Match<>(filters, options.end());
        }
    }
}

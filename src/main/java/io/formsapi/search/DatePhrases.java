package io.formsapi.search;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

import io.formsapi.search.QueryTokens.Match;

/** Recognises the date phrases of the grammar, as ranges of whole UTC days relative to {@code today}. */
final class DatePhrases {

    /** "last N days" reaches back at most about a century; a larger N is not taken as a date phrase. */
    static final int MAX_DAYS = 36_500;

    /** The days [from, to); a null end is open. */
    record DayRange(LocalDate from, LocalDate to) {

        Instant fromInstant() {
            return startOf(from);
        }

        Instant toInstant() {
            return startOf(to);
        }

        private static Instant startOf(LocalDate day) {
            return day == null ? null : day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    private DatePhrases() {
    }

    static Match<DayRange> at(QueryTokens tokens, int i, LocalDate today) {
        String word = tokens.word(i);
        if (word == null) {
            return null;
        }
        return switch (word) {
            case "today" -> new Match<>(new DayRange(today, today.plusDays(1)), i + 1);
            case "yesterday" -> new Match<>(new DayRange(today.minusDays(1), today), i + 1);
            case "last", "past" -> recent(tokens, i, today);
            case "this" -> current(tokens, i, today);
            case "since", "after", "before", "on" -> relativeToDate(tokens, i, word);
            case "between" -> between(tokens, i);
            default -> null;
        };
    }

    /** A bare date, as after a date field's label: that one day. */
    static Match<DayRange> day(QueryTokens tokens, int i) {
        Match<LocalDate> date = tokens.date(i);
        return date == null ? null : new Match<>(new DayRange(date.value(), date.value().plusDays(1)), date.end());
    }

    private static Match<DayRange> recent(QueryTokens tokens, int i, LocalDate today) {
        Match<Number> count = tokens.number(i + 1);
        if (count != null && count.value() instanceof Integer days && days >= 1 && days <= MAX_DAYS
                && (tokens.isWord(count.end(), "days") || tokens.isWord(count.end(), "day"))) {
            // Today counts as one of the N days.
            return new Match<>(new DayRange(today.minusDays(days - 1L), today.plusDays(1)), count.end() + 1);
        }
        if (!tokens.isWord(i, "last")) {
            return null;
        }
        if (tokens.isWord(i + 1, "week")) {
            LocalDate monday = mondayOf(today);
            return new Match<>(new DayRange(monday.minusWeeks(1), monday), i + 2);
        }
        if (tokens.isWord(i + 1, "month")) {
            LocalDate first = today.withDayOfMonth(1);
            return new Match<>(new DayRange(first.minusMonths(1), first), i + 2);
        }
        return null;
    }

    private static Match<DayRange> current(QueryTokens tokens, int i, LocalDate today) {
        if (tokens.isWord(i + 1, "week")) {
            LocalDate monday = mondayOf(today);
            return new Match<>(new DayRange(monday, monday.plusWeeks(1)), i + 2);
        }
        if (tokens.isWord(i + 1, "month")) {
            LocalDate first = today.withDayOfMonth(1);
            return new Match<>(new DayRange(first, first.plusMonths(1)), i + 2);
        }
        return null;
    }

    private static Match<DayRange> relativeToDate(QueryTokens tokens, int i, String keyword) {
        Match<LocalDate> date = tokens.date(i + 1);
        if (date == null) {
            return null;
        }
        LocalDate day = date.value();
        DayRange range = switch (keyword) {
            case "since" -> new DayRange(day, null);
            case "after" -> new DayRange(day.plusDays(1), null);
            case "before" -> new DayRange(null, day);
            default -> new DayRange(day, day.plusDays(1));
        };
        return new Match<>(range, date.end());
    }

    /** Both days are included, in whichever order they are given. */
    private static Match<DayRange> between(QueryTokens tokens, int i) {
        Match<LocalDate> first = tokens.date(i + 1);
        if (first == null || !tokens.isWord(first.end(), "and")) {
            return null;
        }
        Match<LocalDate> second = tokens.date(first.end() + 1);
        if (second == null) {
            return null;
        }
        LocalDate from = first.value().isAfter(second.value()) ? second.value() : first.value();
        LocalDate to = first.value().isAfter(second.value()) ? first.value() : second.value();
        return new Match<>(new DayRange(from, to.plusDays(1)), second.end());
    }

    private static LocalDate mondayOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
}

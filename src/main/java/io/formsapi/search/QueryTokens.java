package io.formsapi.search;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.formsapi.responses.TextTerms;

/**
 * A query split into the words {@link TextTerms} would index and the few symbols the grammar uses. Numbers and
 * dates are not tokens of their own: they are recognised from glued words and symbols, so that whatever the
 * grammar does not use falls back to exactly the words a response was indexed with.
 */
final class QueryTokens {

    private static final String SYMBOLS = "-+:<>=.";
    /** Longer numbers are not compared: they would lose precision as a double anyway. */
    private static final int MAX_NUMBER_DIGITS = 15;

    /** @param glued true when nothing, not even a space, separates it from the token before */
    record Token(String text, boolean word, boolean glued) {
    }

    /** Something recognised in the query; {@code end} is the index of the first token after it. */
    record Match<T>(T value, int end) {
    }

    private final List<Token> tokens;

    private QueryTokens(List<Token> tokens) {
        this.tokens = tokens;
    }

    static QueryTokens of(String query) {
        // Lower-cased as a whole first, like TextTerms does, so that both see the same runs of letters and digits.
        String lower = query.toLowerCase(Locale.ROOT);
        List<Token> tokens = new ArrayList<>();
        int previousEnd = -1;
        int i = 0;
        while (i < lower.length()) {
            char c = lower.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                int end = i;
                while (end < lower.length() && Character.isLetterOrDigit(lower.charAt(end))) {
                    end++;
                }
                boolean glued = i == previousEnd;
                for (String word : TextTerms.tokens(lower.substring(i, end))) {
                    tokens.add(new Token(word, true, glued));
                    glued = true;
                }
                previousEnd = end;
                i = end;
            } else {
                if (SYMBOLS.indexOf(c) >= 0) {
                    tokens.add(new Token(String.valueOf(c), false, i == previousEnd));
                    previousEnd = i + 1;
                }
                i++;
            }
        }
        return new QueryTokens(List.copyOf(tokens));
    }

    int size() {
        return tokens.size();
    }

    /** The word at {@code i}, or null when there is none or it is a symbol. */
    String word(int i) {
        return i < tokens.size() && tokens.get(i).word() ? tokens.get(i).text() : null;
    }

    boolean isWord(int i, String word) {
        return word.equals(word(i));
    }

    boolean isWordIn(int i, Set<String> words) {
        String word = word(i);
        return word != null && words.contains(word);
    }

    /** The words from {@code i} on, up to the first symbol, at most {@code max} of them. */
    List<String> wordsFrom(int i, int max) {
        List<String> words = new ArrayList<>();
        while (words.size() < max && word(i + words.size()) != null) {
            words.add(word(i + words.size()));
        }
        return words;
    }

    /** True when the words from {@code i} on are {@code words}. */
    boolean areWords(int i, List<String> words) {
        for (int k = 0; k < words.size(); k++) {
            if (!isWord(i + k, words.get(k))) {
                return false;
            }
        }
        return true;
    }

    boolean isSymbol(int i, char symbol) {
        return i < tokens.size() && !tokens.get(i).word() && tokens.get(i).text().charAt(0) == symbol;
    }

    boolean isGluedSymbol(int i, char symbol) {
        return isSymbol(i, symbol) && tokens.get(i).glued();
    }

    /** A symbol that starts a new token group, like the minus of "-refund" (unlike the one of "e-mail"). */
    boolean isLeadingSymbol(int i, char symbol) {
        return isSymbol(i, symbol) && !tokens.get(i).glued() && i + 1 < tokens.size() && tokens.get(i + 1).glued()
                && tokens.get(i + 1).word();
    }

    /** A number such as 4, -2 or 3.5, as an Integer when whole, else a Double. */
    Match<Number> number(int i) {
        int at = i;
        String sign = "";
        if (isSymbol(at, '-') && isGluedDigits(at + 1)) {
            sign = "-";
            at++;
        }
        if (!isDigits(at)) {
            return null;
        }
        String integer = word(at);
        String fraction = "";
        at++;
        if (isGluedSymbol(at, '.') && isGluedDigits(at + 1)) {
            fraction = word(at + 1);
            at += 2;
        }
        if (integer.length() + fraction.length() > MAX_NUMBER_DIGITS) {
            return null;
        }
        BigDecimal value = new BigDecimal(sign + integer + (fraction.isEmpty() ? "" : "." + fraction));
        boolean whole = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
        if (whole && value.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            return new Match<>(value.intValueExact(), at);
        }
        return new Match<>(value.doubleValue(), at);
    }

    /**
     * A calendar date written YYYY-MM-DD. The year 9999 is left out so that the day after any date still has four
     * digits: date answers are compared as text.
     */
    Match<LocalDate> date(int i) {
        if (!isDigits(i) || word(i).length() != 4 || !isGluedSymbol(i + 1, '-') || !isGluedDigits(i + 2)
                || word(i + 2).length() != 2 || !isGluedSymbol(i + 3, '-') || !isGluedDigits(i + 4)
                || word(i + 4).length() != 2) {
            return null;
        }
        try {
            int year = Integer.parseInt(word(i));
            LocalDate date = LocalDate.of(year, Integer.parseInt(word(i + 2)), Integer.parseInt(word(i + 4)));
            return year == 9999 ? null : new Match<>(date, i + 5);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Tokens {@code from} to {@code to} as text, spaced as they were typed: "last 7 days", "since 2026-01-01". */
    String text(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from && !tokens.get(i).glued()) {
                text.append(' ');
            }
            text.append(tokens.get(i).text());
        }
        return text.toString();
    }

    private boolean isDigits(int i) {
        String word = word(i);
        return word != null && word.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private boolean isGluedDigits(int i) {
        return isDigits(i) && tokens.get(i).glued();
    }
}

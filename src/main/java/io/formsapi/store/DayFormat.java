package io.formsapi.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code $dateToString} format made of {@code %Y %m %d %H %M %S} and literal text, applied in UTC. The library
 * builds a {@code DateTimeFormatter} from the format for every document it formats, which cost more than the rest
 * of a per-day count.
 */
final class DayFormat {

    /** A day and how it is written. */
    private record Written(long epochDay, String text) {
    }

    private static final long SECONDS_PER_DAY = 86_400;

    /** Literal text as a String, a specifier as its letter (a Character). */
    private final List<Object> pieces;
    /** Whether the text depends on the day alone (no hour, minute or second). */
    private final boolean daysOnly;
    /**
     * The day written last, when {@link #daysOnly}: an index hands a form's responses over in time order, so most
     * follow one of the same day, and they then share its text (and the hash a {@code $group} computes of it).
     */
    private volatile Written last;

    private DayFormat(List<Object> pieces) {
        this.pieces = pieces;
        this.daysOnly = pieces.stream().noneMatch(piece -> piece instanceof Character c && "HMS".indexOf(c) >= 0);
    }

    /** Null when the format has a specifier this class does not write. */
    static DayFormat of(String format) {
        List<Object> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 == format.length() || "YmdHMS".indexOf(format.charAt(i + 1)) < 0) {
                return null;
            }
            if (!literal.isEmpty()) {
                pieces.add(literal.toString());
                literal.setLength(0);
            }
            pieces.add(format.charAt(++i));
        }
        if (!literal.isEmpty()) {
            pieces.add(literal.toString());
        }
        return new DayFormat(pieces);
    }

    /** The instant written in UTC; null for a year outside 0 to 9999, which the library writes its own way. */
    String format(Instant instant) {
        if (!daysOnly) {
            return written(instant);
        }
        long epochDay = Math.floorDiv(instant.getEpochSecond(), SECONDS_PER_DAY);
        Written before = last;
        if (before != null && before.epochDay() == epochDay) {
            return before.text();
        }
        String text = written(instant);
        last = new Written(epochDay, text);
        return text;
    }

    private String written(Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (time.getYear() < 0 || time.getYear() > 9999) {
            return null;
        }
        StringBuilder text = new StringBuilder(16);
        for (Object piece : pieces) {
            if (piece instanceof String literal) {
                text.append(literal);
                continue;
            }
            switch ((Character) piece) {
                case 'Y' -> padded(text, time.getYear(), 4);
                case 'm' -> padded(text, time.getMonthValue(), 2);
                case 'd' -> padded(text, time.getDayOfMonth(), 2);
                case 'H' -> padded(text, time.getHour(), 2);
                case 'M' -> padded(text, time.getMinute(), 2);
                default -> padded(text, time.getSecond(), 2);
            }
        }
        return text.toString();
    }

    private static void padded(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        text.append("0".repeat(width - digits.length())).append(digits);
    }
}

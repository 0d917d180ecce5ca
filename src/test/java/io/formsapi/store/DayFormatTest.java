package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DayFormatTest {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Test
    void writesEachInstantAsTheJavaFormatterDoesInTimeOrderAndOutOfIt() {
        DayFormat days = DayFormat.of("%Y-%m-%d");
        DayFormat seconds = DayFormat.of("%Y-%m-%dT%H:%M:%S");
        for (Instant instant : instants()) {
            assertThat(days.format(instant)).as("%s", instant).isEqualTo(DAY.format(instant));
            assertThat(seconds.format(instant)).as("%s", instant).isEqualTo(SECOND.format(instant));
        }
    }

    @Test
    void instantsOfTheSameDayShareOneText() {
        DayFormat days = DayFormat.of("%Y-%m-%d");
        String morning = days.format(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(days.format(Instant.parse("2026-11-30T23:59:59.999Z"))).isSameAs(morning);
        assertThat(days.format(Instant.parse("2026-12-01T00:00:00Z"))).isEqualTo("2026-12-01");
        assertThat(days.format(Instant.parse("1969-12-31T23:59:59Z"))).isEqualTo("1969-12-31");
    }

    @Test
    void aYearBeyondFourDigitsIsLeftToTheLibraryEveryTime() {
        DayFormat days = DayFormat.of("%Y-%m-%d");
        Instant far = Instant.parse("+10000-01-01T10:00:00Z");
        assertThat(days.format(far)).isNull();
        assertThat(days.format(far.plusSeconds(60))).isNull();
    }

    /** Runs of instants in time order, as an index hands them over, then the same shuffled, across day boundaries. */
    private static List<Instant> instants() {
        Random random = new Random(20261201);
        List<Instant> instants = new ArrayList<>();
        Instant at = Instant.parse("1969-12-25T00:00:00Z");
        for (int i = 0; i < 2_000; i++) {
            at = at.plusSeconds(random.nextInt(20_000));
            instants.add(at);
        }
        List<Instant> shuffled = new ArrayList<>(instants);
        Collections.shuffle(shuffled, random);
        instants.addAll(shuffled);
        return instants;
    }
}

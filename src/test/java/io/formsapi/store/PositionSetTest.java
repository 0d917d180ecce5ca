package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PositionSetTest {

    @Test
    void behavesLikeASetThroughGrowthAndShrinking() {
        Random random = new Random(11);
        PositionSet set = new PositionSet();
        Set<Object> model = new HashSet<>();
        for (int step = 0; step < 200_000; step++) {
            // A narrow range of values forces collisions and long probe runs; growth then shrinks back below it.
            Object position = "id-" + random.nextInt(step < 100_000 ? 5_000 : 300);
            if (random.nextInt(3) == 0 || step >= 150_000) {
                assertThat(set.remove(position)).isEqualTo(model.remove(position));
            } else {
                assertThat(set.add(position)).isEqualTo(model.add(position));
            }
            assertThat(set.size()).isEqualTo(model.size());
        }
        List<Object> listed = new ArrayList<>();
        set.forEach(listed::add);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(model);
    }

    @Test
    void findsEveryPositionAfterRemovalsInTheMiddleOfProbeRuns() {
        PositionSet set = new PositionSet();
        for (int i = 0; i < 1_000; i++) {
            set.add(i * 1024);
        }
        for (int i = 0; i < 1_000; i += 2) {
            assertThat(set.remove(i * 1024)).isTrue();
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(set.remove(i * 1024)).as("position %d", i * 1024).isEqualTo(i % 2 == 1);
        }
        assertThat(set.size()).isZero();
    }

    @Test
    void anyIsOneOfThePositions() {
        PositionSet set = new PositionSet();
        assertThatThrownBy(set::any).isInstanceOf(NoSuchElementException.class);
        set.add("a");
        set.add("b");
        set.remove("a");
        assertThat(set.any()).isEqualTo("b");
    }
}

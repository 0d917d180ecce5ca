package io.formsapi.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SearchPropertiesTest {

    @Test
    void limitsMustAllowSomething() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SearchProperties(0, 5000))
                .withMessageContaining("forms.search.max-query-length");
        assertThatIllegalArgumentException().isThrownBy(() -> new SearchProperties(300, 0))
                .withMessageContaining("forms.search.max-ranked-candidates");
        assertThat(new SearchProperties(1, 1).maxRankedCandidates()).isEqualTo(1);
    }

    @Test
    void theWindowShrinksOnlyForQueriesWithVeryManyWords() {
        assertThat(SearchStore.window(5000, 1)).isEqualTo(5000);
        assertThat(SearchStore.window(5000, 98)).isEqualTo(5000);
        assertThat(SearchStore.window(5000, 148)).isEqualTo(500_000 / 150);
        assertThat(SearchStore.window(1_000_000, 1)).isEqualTo(500_000 / 3);
    }
}

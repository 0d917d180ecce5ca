package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.Document;

class DocumentCacheTest {

    private final List<Object> reads = new ArrayList<>();
    private final Function<Object, Document> store = position -> {
        reads.add(position);
        return position.equals("gone") ? null : new Document("_id", position);
    };

    @Test
    void aDocumentReadOnceIsServedFromTheCacheAfterwards() {
        DocumentCache cache = new DocumentCache(10);

        Document first = cache.get("a", store);
        Document second = cache.get("a", store);

        assertThat(second).isSameAs(first);
        assertThat(reads).containsExactly("a");
    }

    @Test
    void theLeastRecentlyReadDocumentMakesRoomForANewOne() {
        DocumentCache cache = new DocumentCache(2);
        cache.get("a", store);
        cache.get("b", store);
        cache.get("a", store);

        cache.get("c", store);
        cache.get("a", store);
        cache.get("b", store);

        assertThat(reads).containsExactly("a", "b", "c", "b");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aForgottenPositionIsReadFromTheStoreAgain() {
        DocumentCache cache = new DocumentCache(10);
        cache.get("a", store);

        cache.forget("a");
        cache.get("a", store);

        assertThat(reads).containsExactly("a", "a");
    }

    @Test
    void aMissingDocumentIsNotRemembered() {
        DocumentCache cache = new DocumentCache(10);

        assertThat(cache.get("gone", store)).isNull();
        assertThat(cache.get("gone", store)).isNull();
        assertThat(reads).containsExactly("gone", "gone");
    }

    @Test
    void withoutCapacityEveryReadGoesToTheStore() {
        DocumentCache cache = new DocumentCache(10);
        cache.get("a", store);

        cache.resize(0);
        cache.get("a", store);
        cache.get("a", store);

        assertThat(reads).containsExactly("a", "a", "a");
        assertThat(cache.size()).isZero();
    }
}

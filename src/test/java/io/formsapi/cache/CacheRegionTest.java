package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The typed handle features use, against a real redis-server: keys, tags and bulk reads as promised. */
class CacheRegionTest {

    record Item(String id, String text) {
    }

    private static CacheFixture redis;
    private static CacheComponents cache;
    private static CacheRegion<String, Item> items;

    @BeforeAll
    static void start() {
        redis = new CacheFixture();
        cache = redis.cache();
        items = cache.regions().<String, Item>region("form_schema", Item.class)
                .keys("item", id -> List.of(id))
                .tags(id -> List.of("item:" + id))
                .build();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void aValueIsStoredUnderTheRegionsKeyAndItsTagMakesItStale() {
        AtomicInteger loads = new AtomicInteger();
        assertThat(items.get("a", id -> new Item(id, "v" + loads.incrementAndGet())).text()).isEqualTo("v1");
        assertThat(items.get("a", id -> new Item(id, "v" + loads.incrementAndGet())).text()).isEqualTo("v1");
        Boolean stored = redis.redis(c -> c.keyCommands().exists("test:item:a".getBytes()));
        assertThat(stored).isTrue();
        cache.engine().invalidateTags("item:a");
        assertThat(items.lookup("a", id -> Optional.of(new Item(id, "v" + loads.incrementAndGet()))))
                .isEqualTo(new Cached<>(Optional.of(new Item("a", "v2")), CacheOutcome.MISS));
    }

    @Test
    void getAllReadsHitsInOneRoundTripAndLoadsTheRestInOneCall() {
        items.get("b1", id -> new Item(id, "cached"));
        List<Collection<String>> bulkCalls = new ArrayList<>();
        Map<String, Item> found = items.getAll(List.of("b1", "b2", "b3", "gone"), ids -> {
            bulkCalls.add(List.copyOf(ids));
            Map<String, Item> loaded = new LinkedHashMap<>();
            ids.stream().filter(id -> !id.equals("gone")).forEach(id -> loaded.put(id, new Item(id, "loaded")));
            return loaded;
        });
        assertThat(found).containsOnlyKeys("b1", "b2", "b3");
        assertThat(found.get("b1").text()).isEqualTo("cached");
        assertThat(bulkCalls).containsExactly(List.of("b2", "b3", "gone"));
        Map<String, Item> again = items.getAll(List.of("b2", "b3"), ids -> {
            throw new AssertionError("both were stored by the first call");
        });
        assertThat(again.values()).extracting(Item::text).containsExactly("loaded", "loaded");
    }

    @Test
    void warmingStoresWhatTheBulkLoaderFinds() {
        int stored = items.warm(List.of("w1", "w2", "missing"), ids -> Map.of("w1", new Item("w1", "warm"),
                "w2", new Item("w2", "warm")));
        assertThat(stored).isEqualTo(2);
        assertThat(items.get("w1", id -> new Item(id, "loaded")).text()).isEqualTo("warm");
    }
}

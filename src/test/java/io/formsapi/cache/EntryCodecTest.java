package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.formsapi.cache.codec.Compression;
import io.formsapi.cache.codec.CorruptValueException;
import io.formsapi.cache.codec.ValueCodec;
import tools.jackson.databind.json.JsonMapper;

class EntryCodecTest {

    record Item(String name, List<Integer> sizes, Map<String, String> labels) {
    }

    private final EntryCodec codec = new EntryCodec(JsonMapper.builder().build(), new ValueCodec());
    private final VersionSnapshot versions = new VersionSnapshot(7, Map.of("tag:form:f1", 3L, "tag:user:u1", 1L));

    @Test
    void anObjectComesBackWithItsVersionsAndLoadTime() throws Exception {
        Item item = new Item("a \"quoted\" {name}", List.of(1, 2, 3), Map.of("k", "v}"));
        EntryCodec.Entry entry = codec.decode(codec.encode(versions, 1234, Optional.of(item)));
        assertThat(entry.versions()).isEqualTo(versions);
        assertThat(entry.loadedAt()).isEqualTo(1234);
        assertThat(codec.bind(entry.value(), Item.class)).isEqualTo(item);
    }

    @Test
    void scalarsArraysAndLargeCompressedValuesComeBack() throws Exception {
        assertThat(read(codec, codec.encode(versions, 1, Optional.of(42L)), Long.class)).isEqualTo(42L);
        assertThat(read(codec, codec.encode(versions, 1, Optional.of("text")), String.class)).isEqualTo("text");
        assertThat(read(codec, codec.encode(versions, 1, Optional.of(List.of("a", "b"))), List.class))
                .isEqualTo(List.of("a", "b"));
        Item large = new Item("x".repeat(20_000), List.of(), Map.of());
        EntryCodec compressing = new EntryCodec(JsonMapper.builder().build(),
                new ValueCodec(Compression.LZ4, 1024, 1 << 20));
        byte[] stored = compressing.encode(versions, 1, Optional.of(large));
        assertThat(stored.length).isLessThan(20_000);
        assertThat(read(compressing, stored, Item.class)).isEqualTo(large);
    }

    @Test
    void notFoundIsRemembered() throws Exception {
        EntryCodec.Entry entry = codec.decode(codec.encode(versions, 5, Optional.empty()));
        assertThat(entry.notFound()).isTrue();
        assertThat(entry.versions()).isEqualTo(versions);
    }

    @Test
    void aValueOfAnotherShapeIsCorruptWhenBound() throws Exception {
        EntryCodec.Entry entry = codec.decode(codec.encode(versions, 1, Optional.of(List.of(1, 2))));
        assertThatThrownBy(() -> codec.bind(entry.value(), Item.class)).isInstanceOf(CorruptValueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "{}", "{\"e\":1,\"t\":{},\"l\":1}",
        "{\"e\":\"1\",\"t\":{},\"n\":false,\"v\":1}", "{\"e\":1,\"t\":[],\"n\":false,\"v\":1}",
        "{\"e\":1,\"t\":{},\"n\":false}", "{\"e\":1,\"t\":{},\"n\":false,\"v\":{\"a\":",
        "{\"e\":1,\"t\":{\"x\":\"one\"},\"n\":\"no\",\"v\":1}"})
    void anythingElseIsCorrupt(String text) {
        byte[] stored = new ValueCodec().encode(text.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> codec.decode(stored)).isInstanceOf(CorruptValueException.class);
    }

    private static <T> T read(EntryCodec codec, byte[] stored, Class<T> type) throws CorruptValueException {
        return codec.bind(codec.decode(stored).value(), type);
    }
}

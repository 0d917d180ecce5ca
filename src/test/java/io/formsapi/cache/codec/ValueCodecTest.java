package io.formsapi.cache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.luben.zstd.Zstd;

import net.jpountz.lz4.LZ4Factory;

class ValueCodecTest {

    private static final int THRESHOLD = ValueCodec.DEFAULT_COMPRESSION_THRESHOLD;
    private static final int MAX = ValueCodec.DEFAULT_MAX_DECODED_SIZE;
    private static final long ONE_GIB = 1L << 30;

    /** 1 GiB of zeros in one gzip member (about 4.5 MB). */
    private static byte[] gzipBomb;

    @BeforeAll
    static void buildGzipBomb() throws IOException {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bomb, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            byte[] zeros = new byte[1 << 16];
            for (long written = 0; written < ONE_GIB; written += zeros.length) {
                out.write(zeros);
            }
        }
        gzipBomb = bomb.toByteArray();
    }

    // --- round trips -------------------------------------------------------------------------------------------

    @Test
    void formatBytesAreTheDocumentedOnes() {
        byte[] large = json(8_000);
        assertThat(codec(Compression.NONE).encode(large)[0]).isEqualTo((byte) 0x01);
        assertThat(codec(Compression.GZIP).encode(large)[0]).isEqualTo((byte) 0x02);
        assertThat(codec(Compression.LZ4).encode(large)[0]).isEqualTo((byte) 0x03);
        assertThat(codec(Compression.ZSTD).encode(large)[0]).isEqualTo((byte) 0x04);
        assertThat(codec(Compression.ZSTD).encode(json(100))[0]).isEqualTo((byte) 0x01);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() throws Exception {
        ValueCodec codec = new ValueCodec();
        assertThat(codec.compression()).isEqualTo(Compression.DEFAULT).isEqualTo(Compression.LZ4);
        assertThat(codec.compressionThreshold()).isEqualTo(1024);
        assertThat(codec.maxDecodedSize()).isEqualTo(8 * 1024 * 1024);
        byte[] json = json(5_000);
        byte[] stored = codec.encode(json);
        assertThat(stored[0]).isEqualTo(ValueCodec.FORMAT_LZ4);
        assertThat(codec.decode(stored)).isEqualTo(json);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTripsAtEverySize(Compression compression) throws Exception {
        ValueCodec codec = codec(compression);
        for (int size : new int[] {0, 1, 2, 100, THRESHOLD - 1, THRESHOLD, THRESHOLD + 1, 5_000, 200_000}) {
            byte[] json = json(size);
            byte[] stored = codec.encode(json);
            assertThat(codec.decode(stored)).as("size %d", size).isEqualTo(json);
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void valuesUpToTheThresholdAreStoredRaw(Compression compression) {
        ValueCodec codec = codec(compression);
        for (int size : new int[] {0, 1, 100, THRESHOLD}) {
            byte[] json = json(size);
            byte[] stored = codec.encode(json);
            assertThat(stored[0]).as("size %d", size).isEqualTo(ValueCodec.FORMAT_RAW);
            assertThat(Arrays.copyOfRange(stored, 1, stored.length)).isEqualTo(json);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "LZ4", "ZSTD"})
    void valuesAboveTheThresholdAreCompressedAndSmaller(Compression compression) {
        ValueCodec codec = codec(compression);
        for (int size : new int[] {THRESHOLD + 1, 5_000, 200_000}) {
            byte[] json = json(size);
            byte[] stored = codec.encode(json);
            assertThat(stored[0]).as("size %d", size).isEqualTo(formatOf(compression));
            assertThat(stored.length).as("size %d", size).isLessThan(json.length);
        }
    }

    @Test
    void noneStoresLargeValuesRaw() {
        byte[] json = json(200_000);
        byte[] stored = codec(Compression.NONE).encode(json);
        assertThat(stored).hasSize(json.length + 1);
        assertThat(stored[0]).isEqualTo(ValueCodec.FORMAT_RAW);
    }

    @Test
    void theThresholdIsConfigurable() throws Exception {
        ValueCodec eager = new ValueCodec(Compression.LZ4, 100, MAX);
        byte[] json = json(500);
        byte[] stored = eager.encode(json);
        assertThat(stored[0]).isEqualTo(ValueCodec.FORMAT_LZ4);
        assertThat(codec(Compression.LZ4).encode(json)[0]).isEqualTo(ValueCodec.FORMAT_RAW);
        assertThat(codec(Compression.NONE).decode(stored)).isEqualTo(json);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void incompressibleValuesAreStoredRaw(Compression compression) throws Exception {
        ValueCodec codec = codec(compression);
        for (int size : new int[] {THRESHOLD + 1, 4_096, 100_000}) {
            byte[] noise = random(size, size);
            byte[] stored = codec.encode(noise);
            assertThat(stored[0]).as("size %d", size).isEqualTo(ValueCodec.FORMAT_RAW);
            assertThat(stored).hasSize(size + 1);
            assertThat(codec.decode(stored)).isEqualTo(noise);
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void decodesValuesWrittenWithAnyOtherCompression(Compression writer) throws Exception {
        byte[] json = json(30_000);
        byte[] stored = codec(writer).encode(json);
        for (Compression reader : Compression.values()) {
            assertThat(codec(reader).decode(stored)).as("%s read by %s", writer, reader).isEqualTo(json);
        }
    }

    @Test
    void decodeReturnsAFreshArray() throws Exception {
        ValueCodec codec = codec(Compression.NONE);
        byte[] stored = codec.encode(json(50));
        byte[] first = codec.decode(stored);
        first[0] = 'x';
        assertThat(codec.decode(stored)).isEqualTo(json(50));
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        ValueCodec writer = codec(Compression.ZSTD);
        ValueCodec reader = codec(Compression.GZIP);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                runs.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 300; i++) {
                        byte[] json = json(500 + random.nextInt(20_000));
                        ValueCodec codec = i % 2 == 0 ? writer : codec(Compression.values()[i % 4]);
                        assertThat(reader.decode(codec.encode(json))).isEqualTo(json);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // --- what encode refuses -----------------------------------------------------------------------------------

    @Test
    void refusesToEncodeAValueLargerThanTheMaximum() throws Exception {
        ValueCodec small = new ValueCodec(Compression.LZ4, 10, 1_000);
        assertThat(small.decode(small.encode(json(1_000)))).isEqualTo(json(1_000));
        assertThatThrownBy(() -> small.encode(json(1_001))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNonsensicalSettings() {
        assertThatThrownBy(() -> new ValueCodec(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ValueCodec(Compression.LZ4, -1, MAX))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValueCodec(Compression.LZ4, THRESHOLD, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValueCodec(Compression.LZ4, THRESHOLD, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- corrupt values ----------------------------------------------------------------------------------------

    @Test
    void anEmptyValueIsCorrupt() {
        assertCorrupt(codec(Compression.LZ4), new byte[0]);
        assertCorrupt(codec(Compression.LZ4), null);
    }

    @Test
    void everyUnassignedFormatByteIsCorrupt() {
        ValueCodec codec = codec(Compression.LZ4);
        byte[] json = json(2_000);
        for (int format = 0; format < 256; format++) {
            if (format >= 0x01 && format <= 0x04) {
                continue;
            }
            byte[] stored = new byte[json.length + 1];
            stored[0] = (byte) format;
            System.arraycopy(json, 0, stored, 1, json.length);
            assertCorrupt(codec, stored);
            assertCorrupt(codec, new byte[] {(byte) format});
        }
    }

    @Test
    void jsonWithoutAFormatByteIsCorrupt() {
        assertCorrupt(codec(Compression.NONE), "{\"id\":\"f1\"}".getBytes(StandardCharsets.UTF_8));
        assertCorrupt(codec(Compression.NONE), "[1,2,3]".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Some bits of a compressed value do not take part in decoding (a gzip header's timestamp, padding bits), so
     * flipping them changes nothing. Any flip either is detected or decodes to the original value: never to other
     * bytes, never to another exception.
     */
    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "LZ4", "ZSTD"})
    void aFlippedByteOfACompressedValueNeverDecodesToOtherBytes(Compression compression) {
        ValueCodec codec = codec(compression);
        byte[] json = json(4_000);
        byte[] stored = codec.encode(json);
        assertThat(stored[0]).isEqualTo(formatOf(compression));
        int detected = 0;
        int flips = 0;
        for (int position = 0; position < stored.length; position++) {
            for (int mask : new int[] {0x01, 0x10, 0x80, 0xFF}) {
                byte[] damaged = stored.clone();
                damaged[position] ^= (byte) mask;
                flips++;
                try {
                    assertThat(codec.decode(damaged)).as("flip 0x%02x at %d", mask, position).isEqualTo(json);
                    assertThat(position).as("flip in the format, length or checksum")
                            .isGreaterThanOrEqualTo(ValueCodec.COMPRESSED_PREFIX);
                } catch (CorruptValueException expected) {
                    detected++;
                }
            }
        }
        assertThat(detected).as("detected flips of %d", flips).isGreaterThan(flips * 9 / 10);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "LZ4", "ZSTD"})
    void everyTruncationOfACompressedValueIsDetected(Compression compression) {
        ValueCodec codec = codec(compression);
        byte[] stored = codec.encode(json(4_000));
        assertThat(stored[0]).isEqualTo(formatOf(compression));
        for (int length = 0; length < stored.length; length++) {
            assertCorrupt(codec, Arrays.copyOf(stored, length));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "LZ4", "ZSTD"})
    void aDeclaredLengthThatLiesIsDetected(Compression compression) {
        ValueCodec codec = codec(compression);
        byte[] json = json(20_000);
        byte[] stored = codec.encode(json);
        assertThat(stored[0]).isEqualTo(formatOf(compression));
        for (long lie : new long[] {0, 1, THRESHOLD, json.length / 2, json.length - 1, json.length + 1,
                json.length * 2L, MAX}) {
            assertCorrupt(codec, withDeclaredLength(stored, lie));
        }
    }

    @Test
    void aDeclaredLengthThatLiesIsDetectedEvenWithAMatchingChecksum() {
        // The first half of the value, announced with its own checksum, but the data holds the whole value.
        ValueCodec codec = codec(Compression.LZ4);
        byte[] json = json(20_000);
        byte[] half = Arrays.copyOf(json, json.length / 2);
        for (Compression compression : List.of(Compression.GZIP, Compression.LZ4, Compression.ZSTD)) {
            byte[] stored = codec(compression).encode(json);
            byte[] lying = withDeclaredLength(stored, half.length);
            writeInt(lying, 5, crc32c(half));
            assertCorrupt(codec, lying);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "LZ4", "ZSTD"})
    void aDeclaredLengthAboveTheMaximumIsRefusedBeforeAllocating(Compression compression) {
        // Honest values, written by a codec that accepts more than the reader does.
        byte[] json = json(MAX + 1_000_000);
        byte[] stored = new ValueCodec(compression, THRESHOLD, 2 * MAX).encode(json);
        assertThat(stored[0]).isEqualTo(formatOf(compression));
        ValueCodec codec = codec(compression);
        warmUp(codec);
        long allocated = allocatedBy(() -> assertCorrupt(codec, stored));
        assertThat(allocated).isLessThan(MAX / 8);
        // And every length up to the largest an unsigned 32-bit field can declare.
        for (long declared : new long[] {MAX + 1L, Integer.MAX_VALUE, 0xFFFF_FFFFL}) {
            assertCorrupt(codec, withDeclaredLength(stored, declared));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1_024, MAX})
    void aGzipBombStopsOneByteAfterTheDeclaredLength(int declared) {
        ValueCodec codec = codec(Compression.GZIP);
        byte[] stored = compressedValue(ValueCodec.FORMAT_GZIP, declared, 0, gzipBomb);
        warmUp(codec);
        long allocated = allocatedBy(() -> assertCorrupt(codec, stored));
        // The output buffer of the declared length, plus small change for the stream and the exception.
        assertThat(allocated).isLessThan(declared + 512 * 1024L);
    }

    @Test
    void aGzipBombThatDeclaresItsRealLengthIsRefusedBeforeInflating() {
        ValueCodec codec = codec(Compression.GZIP);
        byte[] stored = compressedValue(ValueCodec.FORMAT_GZIP, ONE_GIB, 0, gzipBomb);
        warmUp(codec);
        long allocated = allocatedBy(() -> assertCorrupt(codec, stored));
        assertThat(allocated).isLessThan(512 * 1024L);
    }

    @Test
    void anLz4OrZstdBombIsBoundedByTheDeclaredLength() {
        byte[] zeros = new byte[2 * MAX];
        byte[] lz4 = LZ4Factory.fastestInstance().fastCompressor().compress(zeros);
        byte[] zstd = Zstd.compress(zeros, 3);
        ValueCodec codec = codec(Compression.NONE);
        warmUp(codec);
        for (byte[] stored : List.of(compressedValue(ValueCodec.FORMAT_LZ4, MAX, 0, lz4),
                compressedValue(ValueCodec.FORMAT_ZSTD, MAX, 0, zstd))) {
            long allocated = allocatedBy(() -> assertCorrupt(codec, stored));
            assertThat(allocated).isLessThan(MAX + 512 * 1024L);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "LZ4", "ZSTD"})
    void aFailedDecodeLeavesTheCodecUsable(Compression compression) throws Exception {
        ValueCodec codec = codec(compression);
        byte[] json = json(10_000);
        byte[] stored = codec.encode(json);
        byte[] damaged = stored.clone();
        damaged[stored.length / 2] ^= 0x5A;
        for (int i = 0; i < 50; i++) {
            assertCorrupt(codec, damaged);
            assertThat(codec.decode(stored)).isEqualTo(json);
            assertThat(codec.encode(json)).isEqualTo(stored);
        }
    }

    @Test
    void aRawValueAboveTheMaximumIsCorrupt() throws Exception {
        ValueCodec small = new ValueCodec(Compression.NONE, THRESHOLD, 100);
        byte[] fits = codec(Compression.NONE).encode(json(100));
        byte[] tooLarge = codec(Compression.NONE).encode(json(101));
        assertThat(small.decode(fits)).isEqualTo(json(100));
        assertCorrupt(small, tooLarge);
    }

    @Test
    void aValueTooShortForItsHeaderIsCorrupt() {
        ValueCodec codec = codec(Compression.LZ4);
        for (byte format : new byte[] {ValueCodec.FORMAT_GZIP, ValueCodec.FORMAT_LZ4, ValueCodec.FORMAT_ZSTD}) {
            for (int length = 1; length < ValueCodec.COMPRESSED_PREFIX; length++) {
                byte[] stored = new byte[length];
                stored[0] = format;
                assertCorrupt(codec, stored);
            }
            assertCorrupt(codec, compressedValue(format, 0, crc32c(new byte[0]), new byte[0]));
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static ValueCodec codec(Compression compression) {
        return new ValueCodec(compression);
    }

    private static byte formatOf(Compression compression) {
        return switch (compression) {
            case NONE -> ValueCodec.FORMAT_RAW;
            case GZIP -> ValueCodec.FORMAT_GZIP;
            case LZ4 -> ValueCodec.FORMAT_LZ4;
            case ZSTD -> ValueCodec.FORMAT_ZSTD;
        };
    }

    private static void assertCorrupt(ValueCodec codec, byte[] stored) {
        assertThatThrownBy(() -> codec.decode(stored))
                .as("decoding %s", stored == null ? "null" : stored.length + " bytes")
                .isInstanceOf(CorruptValueException.class);
    }

    /** Loads the classes a failing decode uses, so that their loading is not counted as its allocation. */
    private static void warmUp(ValueCodec codec) {
        for (Compression compression : List.of(Compression.GZIP, Compression.LZ4, Compression.ZSTD)) {
            byte[] stored = codec(compression).encode(json(5_000));
            assertCorrupt(codec, withDeclaredLength(stored, 10));
            assertCorrupt(codec, withDeclaredLength(stored, MAX + 1L));
        }
    }

    /** Bytes allocated on this thread while {@code action} runs. */
    private static long allocatedBy(Runnable action) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeThat(threads).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean counting = (com.sun.management.ThreadMXBean) threads;
        assumeThat(counting.isThreadAllocatedMemorySupported() && counting.isThreadAllocatedMemoryEnabled())
                .isTrue();
        long thread = Thread.currentThread().getId();
        long before = counting.getThreadAllocatedBytes(thread);
        action.run();
        return counting.getThreadAllocatedBytes(thread) - before;
    }

    private static byte[] compressedValue(byte format, long declaredLength, int checksum, byte[] payload) {
        byte[] stored = new byte[ValueCodec.COMPRESSED_PREFIX + payload.length];
        stored[0] = format;
        writeInt(stored, 1, (int) declaredLength);
        writeInt(stored, 5, checksum);
        System.arraycopy(payload, 0, stored, ValueCodec.COMPRESSED_PREFIX, payload.length);
        return stored;
    }

    private static byte[] withDeclaredLength(byte[] stored, long declaredLength) {
        byte[] copy = stored.clone();
        writeInt(copy, 1, (int) declaredLength);
        return copy;
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    private static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A JSON array of form fields of exactly {@code size} bytes (at least 2), padded with whitespace. */
    static byte[] json(int size) {
        if (size < 2) {
            return "7".repeat(size).getBytes(StandardCharsets.US_ASCII);
        }
        String[] labels = {"How satisfied were you with the delivery?", "What could we do better next time?",
                "Would you recommend us to a friend?", "Which features do you use every week?"};
        String[] types = {"rating", "long_text", "single_choice", "multi_choice"};
        StringBuilder out = new StringBuilder(size).append('[');
        for (int i = 0;; i++) {
            String item = (i == 0 ? "" : ",") + "{\"id\":\"field_" + i + "\",\"label\":\"" + labels[i % 4]
                    + "\",\"type\":\"" + types[i % 4] + "\",\"required\":" + (i % 3 == 0) + ",\"max\":" + (i % 7 + 3)
                    + "}";
            if (out.length() + item.length() + 1 > size) {
                break;
            }
            out.append(item);
        }
        while (out.length() < size - 1) {
            out.append(' ');
        }
        return out.append(']').toString().getBytes(StandardCharsets.US_ASCII);
    }
}

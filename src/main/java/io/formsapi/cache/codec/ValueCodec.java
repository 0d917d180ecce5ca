package io.formsapi.cache.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Turns a JSON document into the bytes stored in the cache and back. It only moves bytes: it neither parses
 * the JSON nor knows where the bytes are kept, and it never deserialises objects.
 *
 * <h2>Stored format</h2>
 * The first byte names the format of the rest:
 * <pre>
 *   0x00         never written: a zero-filled value is corrupt, not empty JSON
 *   0x01 RAW     the JSON bytes, as they are
 *   0x02 GZIP    \
 *   0x03 LZ4      }  original length (4 bytes, unsigned big-endian)
 *   0x04 ZSTD    /   CRC-32C of the original (4 bytes, big-endian)
 *                    the compressed bytes: a gzip member, an LZ4 block, or a Zstandard frame
 *   0x05..0xFF   unassigned, kept for future formats; refused when decoding
 * </pre>
 * These values are part of what is stored and must never be renumbered.
 *
 * <h2>Encoding</h2>
 * Values of at most {@code compressionThreshold} bytes are stored raw, so are all values when the compression is
 * {@link Compression#NONE}, and so is any value that compression would not make smaller.
 *
 * <h2>Decoding</h2>
 * Every format is decoded whatever this codec's own compression, so that a change of configuration does not
 * make existing entries unreadable. Decoding is bounded: the declared length is checked against
 * {@code maxDecodedSize} before anything is allocated, the output buffer is exactly the declared length, a
 * stream that would produce more than that is stopped after one extra byte, and the length and checksum of the
 * result must match. Whatever does not decode cleanly is a {@link CorruptValueException}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ValueCodec {

    /** Values of at most this many bytes are stored raw unless configured otherwise. */
    public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;

    /** The largest decoded value accepted unless configured otherwise: 8 MiB. */
    public static final int DEFAULT_MAX_DECODED_SIZE = 8 * 1024 * 1024;

    static final byte FORMAT_RAW = 0x01;
    static final byte FORMAT_GZIP = 0x02;
    static final byte FORMAT_LZ4 = 0x03;
    static final byte FORMAT_ZSTD = 0x04;

    /** Format byte, original length, CRC-32C: what precedes the compressed bytes. */
    static final int COMPRESSED_PREFIX = 1 + 4 + 4;

    /** Leaves room for the prefix below the JVM's largest array. */
    private static final int MAX_SUPPORTED_SIZE = Integer.MAX_VALUE - 64;

    private static final int ZSTD_LEVEL = 3;
    private static final int GZIP_BUFFER = 8192;

    private static final LZ4Factory LZ4 = lz4Factory();
    private static final LZ4Compressor LZ4_COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor LZ4_DECOMPRESSOR = LZ4.safeDecompressor();

    /**
     * Creating a Zstandard context costs more than compressing a small value with it, so a few are kept for reuse,
     * shared by all codecs (they hold native memory that is freed only on close).
     */
    private static final int ZSTD_POOL_SIZE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final Pool<ZstdCompressCtx> ZSTD_COMPRESSORS = new Pool<>(ZSTD_POOL_SIZE,
            () -> new ZstdCompressCtx().setLevel(ZSTD_LEVEL));
    private static final Pool<ZstdDecompressCtx> ZSTD_DECOMPRESSORS = new Pool<>(ZSTD_POOL_SIZE,
            ZstdDecompressCtx::new);

    private final Compression compression;
    private final int compressionThreshold;
    private final int maxDecodedSize;

    /** A codec with the default compression, threshold (1 KiB) and maximum decoded size (8 MiB). */
    public ValueCodec() {
        this(Compression.DEFAULT);
    }

    /** A codec with the default threshold (1 KiB) and maximum decoded size (8 MiB). */
    public ValueCodec(Compression compression) {
        this(compression, DEFAULT_COMPRESSION_THRESHOLD, DEFAULT_MAX_DECODED_SIZE);
    }

    /**
     * @param compression          how new values above the threshold are compressed
     * @param compressionThreshold values of at most this many bytes are stored raw
     * @param maxDecodedSize       the largest value, in bytes, that is encoded or decoded
     */
    public ValueCodec(Compression compression, int compressionThreshold, int maxDecodedSize) {
        this.compression = Objects.requireNonNull(compression, "compression");
        if (compressionThreshold < 0) {
            throw new IllegalArgumentException("compressionThreshold must not be negative: " + compressionThreshold);
        }
        if (maxDecodedSize < 0 || maxDecodedSize > MAX_SUPPORTED_SIZE) {
            throw new IllegalArgumentException("maxDecodedSize must be between 0 and " + MAX_SUPPORTED_SIZE + ": "
                    + maxDecodedSize);
        }
        this.compressionThreshold = compressionThreshold;
        this.maxDecodedSize = maxDecodedSize;
    }

    public Compression compression() {
        return compression;
    }

    public int compressionThreshold() {
        return compressionThreshold;
    }

    public int maxDecodedSize() {
        return maxDecodedSize;
    }

    /**
     * The bytes to store for {@code json}: a format byte followed by the JSON, raw or compressed.
     *
     * @throws IllegalArgumentException if {@code json} is longer than {@link #maxDecodedSize()}, since such a value
     *                                  could never be decoded
     */
    public byte[] encode(byte[] json) {
        Objects.requireNonNull(json, "json");
        if (json.length > maxDecodedSize) {
            throw new IllegalArgumentException("value of " + json.length + " bytes exceeds the maximum of "
                    + maxDecodedSize);
        }
        if (compression == Compression.NONE || json.length <= compressionThreshold) {
            return raw(json);
        }
        byte[] compressed = switch (compression) {
            case GZIP -> gzip(json);
            case LZ4 -> lz4(json);
            case ZSTD -> zstd(json);
            case NONE -> throw new IllegalStateException("unreachable");
        };
        return compressed == null ? raw(json) : compressed;
    }

    /**
     * The JSON that {@link #encode} was given, from the stored bytes of any format.
     *
     * @throws CorruptValueException if the bytes are empty, of an unknown format, truncated, damaged, or decode to
     *                               more than {@link #maxDecodedSize()} bytes
     */
    public byte[] decode(byte[] stored) throws CorruptValueException {
        if (stored == null || stored.length == 0) {
            throw new CorruptValueException("empty value");
        }
        byte format = stored[0];
        if (format == FORMAT_RAW) {
            if (stored.length - 1 > maxDecodedSize) {
                throw new CorruptValueException("raw value of " + (stored.length - 1) + " bytes exceeds the maximum of "
                        + maxDecodedSize);
            }
            return Arrays.copyOfRange(stored, 1, stored.length);
        }
        if (format != FORMAT_GZIP && format != FORMAT_LZ4 && format != FORMAT_ZSTD) {
            throw new CorruptValueException(String.format("unknown format byte 0x%02x", format & 0xFF));
        }
        if (stored.length <= COMPRESSED_PREFIX) {
            throw new CorruptValueException("truncated: " + stored.length + " bytes");
        }
        long declared = readInt(stored, 1) & 0xFFFF_FFFFL;
        if (declared > maxDecodedSize) {
            throw new CorruptValueException("declared length " + declared + " exceeds the maximum of "
                    + maxDecodedSize);
        }
        int checksum = readInt(stored, 5);
        byte[] out = new byte[(int) declared];
        try {
            switch (format) {
                case FORMAT_GZIP -> gunzip(stored, out);
                case FORMAT_LZ4 -> unlz4(stored, out);
                default -> unzstd(stored, out);
            }
        } catch (RuntimeException e) {
            throw new CorruptValueException("damaged compressed data", e);
        }
        if (crc32c(out) != checksum) {
            throw new CorruptValueException("checksum mismatch");
        }
        return out;
    }

    @Override
    public String toString() {
        return "ValueCodec[" + compression + ", threshold " + compressionThreshold + " B, max " + maxDecodedSize
                + " B]";
    }

    /**
     * The JNI binding where its native library loads, else the pure Java port. {@code fastestInstance()} would not
     * even try JNI from an application class loader, which is where the executable jar loads its libraries.
     */
    private static LZ4Factory lz4Factory() {
        try {
            return LZ4Factory.nativeInstance();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            return LZ4Factory.safeInstance();
        }
    }

    private static byte[] raw(byte[] json) {
        byte[] stored = new byte[1 + json.length];
        stored[0] = FORMAT_RAW;
        System.arraycopy(json, 0, stored, 1, json.length);
        return stored;
    }

    /** The stored value, or null when it would not be smaller than the raw one. */
    private static byte[] trimmed(byte[] buffer, int length, int rawLength) {
        return length < 1 + rawLength ? Arrays.copyOf(buffer, length) : null;
    }

    private static void writePrefix(byte[] buffer, byte format, byte[] json) {
        buffer[0] = format;
        writeInt(buffer, 1, json.length);
        writeInt(buffer, 5, crc32c(json));
    }

    private static byte[] gzip(byte[] json) {
        ExposedBuffer buffer = new ExposedBuffer(COMPRESSED_PREFIX + json.length / 4 + 64);
        byte[] prefix = new byte[COMPRESSED_PREFIX];
        writePrefix(prefix, FORMAT_GZIP, json);
        buffer.write(prefix, 0, prefix.length);
        try (GZIPOutputStream out = new GZIPOutputStream(buffer, GZIP_BUFFER)) {
            out.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return trimmed(buffer.array(), buffer.size(), json.length);
    }

    private static byte[] lz4(byte[] json) {
        int bound = LZ4_COMPRESSOR.maxCompressedLength(json.length);
        byte[] buffer = new byte[COMPRESSED_PREFIX + bound];
        writePrefix(buffer, FORMAT_LZ4, json);
        int length = LZ4_COMPRESSOR.compress(json, 0, json.length, buffer, COMPRESSED_PREFIX, bound);
        return trimmed(buffer, COMPRESSED_PREFIX + length, json.length);
    }

    private static byte[] zstd(byte[] json) {
        int bound = Math.toIntExact(Zstd.compressBound(json.length));
        byte[] buffer = new byte[COMPRESSED_PREFIX + bound];
        writePrefix(buffer, FORMAT_ZSTD, json);
        ZstdCompressCtx context = ZSTD_COMPRESSORS.borrow();
        int length;
        try {
            length = context.compressByteArray(buffer, COMPRESSED_PREFIX, bound, json, 0, json.length);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        ZSTD_COMPRESSORS.giveBack(context);
        return trimmed(buffer, COMPRESSED_PREFIX + length, json.length);
    }

    /**
     * Inflates into {@code out} through the stream, never asking for more than one byte beyond its length: the
     * length recorded in the gzip trailer is not trusted.
     */
    private static void gunzip(byte[] stored, byte[] out) throws CorruptValueException {
        ByteArrayInputStream compressed = new ByteArrayInputStream(stored, COMPRESSED_PREFIX,
                stored.length - COMPRESSED_PREFIX);
        try (GZIPInputStream in = new GZIPInputStream(compressed, GZIP_BUFFER)) {
            int filled = 0;
            while (filled < out.length) {
                int read = in.read(out, filled, out.length - filled);
                if (read < 0) {
                    throw new CorruptValueException("gzip data ends after " + filled + " of " + out.length
                            + " declared bytes");
                }
                filled += read;
            }
            if (in.read() >= 0) {
                throw new CorruptValueException("gzip data longer than the declared " + out.length + " bytes");
            }
        } catch (IOException e) {
            throw new CorruptValueException("damaged gzip data", e);
        }
    }

    private static void unlz4(byte[] stored, byte[] out) throws CorruptValueException {
        int written = LZ4_DECOMPRESSOR.decompress(stored, COMPRESSED_PREFIX, stored.length - COMPRESSED_PREFIX, out,
                0, out.length);
        if (written != out.length) {
            throw new CorruptValueException("LZ4 data decodes to " + written + " bytes, " + out.length + " declared");
        }
    }

    /** A context that failed is closed rather than reused, whatever state the error left it in. */
    private static void unzstd(byte[] stored, byte[] out) throws CorruptValueException {
        ZstdDecompressCtx context = ZSTD_DECOMPRESSORS.borrow();
        int written;
        try {
            written = context.decompressByteArray(out, 0, out.length, stored, COMPRESSED_PREFIX,
                    stored.length - COMPRESSED_PREFIX);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        ZSTD_DECOMPRESSORS.giveBack(context);
        if (written != out.length) {
            throw new CorruptValueException("zstd data decodes to " + written + " bytes, " + out.length + " declared");
        }
    }

    private static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    private static int readInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8
                | (bytes[offset + 3] & 0xFF);
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    /**
     * Keeps at most {@code capacity} idle objects: borrowing from an empty pool creates one, giving back to a full
     * pool closes it.
     */
    private static final class Pool<T extends Closeable> {

        private final ArrayBlockingQueue<T> idle;
        private final Supplier<T> factory;

        Pool(int capacity, Supplier<T> factory) {
            this.idle = new ArrayBlockingQueue<>(capacity);
            this.factory = factory;
        }

        T borrow() {
            T item = idle.poll();
            return item != null ? item : factory.get();
        }

        void giveBack(T item) {
            if (!idle.offer(item)) {
                try {
                    item.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Hands out its array so that the result is copied once, trimmed, instead of twice. */
    private static final class ExposedBuffer extends ByteArrayOutputStream {

        ExposedBuffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }
}

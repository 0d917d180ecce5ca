package io.formsapi.cache.codec;

/**
 * How {@link ValueCodec} compresses new values above its threshold. Any codec decodes every format, whatever
 * its own compression, so changing this setting never makes existing entries unreadable.
 */
public enum Compression {

    /** Values are always stored as they are. */
    NONE,
    /** DEFLATE in the gzip container (JDK, level 6). */
    GZIP,
    /** LZ4 block, fast compressor (lz4-java). */
    LZ4,
    /** Zstandard frame, level 3 (zstd-jni). */
    ZSTD;

    /**
     * The compression for new values unless configured otherwise, chosen by measurement (docs/BENCHMARKS.md): on
     * form schemas, search pages and widget values LZ4 decodes 3.5 to 8 times faster than zstd and 6.5 to 13.5
     * times faster than gzip, encodes 3 to 10 times faster than either, and still stores them in 35 to 48% of their
     * JSON size (zstd and gzip: 24 to 33%).
     */
    public static final Compression DEFAULT = LZ4;
}

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
    ZSTD
}

package io.formsapi.store;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded store, used when MONGODB_URI is unset. Its indexes live in the heap besides these (see
 * docs/ARCHITECTURE.md); the heap itself is the JVM's setting.
 *
 * @param dataDir       where the MVStore file lives; data survives restarts
 * @param cacheSizeMb   MVStore page cache: queries read their documents from it, so the working set should fit
 * @param writeBufferMb changes held in memory before they are written to the file in the background (it is
 *                      written at least every second as well); a larger buffer writes fewer, larger chunks
 * @param port          loopback port to listen on; 0 picks a free one
 * @param documentCacheSize documents each collection keeps decoded after reading them, most recently read first
 *                      ({@link DocumentCache}); 0 keeps none
 * @param keptRows      rows each collection keeps of the scans its aggregations and projected finds read, the scans
 *                      read longest ago dropped first ({@link KeptRows}); 0 keeps none
 */
@ConfigurationProperties("forms.store")
public record StoreProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("256") int cacheSizeMb,
        @DefaultValue(StoreProperties.DEFAULT_WRITE_BUFFER_MB) int writeBufferMb, @DefaultValue("0") int port,
        @DefaultValue(StoreProperties.DEFAULT_DOCUMENT_CACHE_SIZE) int documentCacheSize,
        @DefaultValue(StoreProperties.DEFAULT_KEPT_ROWS) int keptRows) {

    /** MVStore's own default on a machine with memory to spare. */
    static final String DEFAULT_WRITE_BUFFER_MB = "19";
    /** Twice the responses of the busiest demo form at a million responses. */
    static final String DEFAULT_DOCUMENT_CACHE_SIZE = "50000";
    /**
     * Twice what the busiest demo form's widgets and search read at a million responses (about 50,000 rows): a
     * dashboard of them read in turn would otherwise drop one scan for the next on every read.
     */
    static final String DEFAULT_KEPT_ROWS = "100000";
}

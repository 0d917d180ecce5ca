package io.formsapi.store;

/**
 * How much each collection keeps of what it read, for the next reads: its documents decoded ({@link DocumentCache})
 * and the rows of the scans its aggregations and projected finds read ({@link KeptRows}); 0 keeps none.
 */
record Keeping(int documents, int rows) {

    static final Keeping NONE = new Keeping(0, 0);

    static Keeping of(StoreProperties properties) {
        return new Keeping(properties.documentCacheSize(), properties.keptRows());
    }
}

package io.formsapi.store;

import de.bwaldvogel.mongo.bson.Document;

/**
 * A dotted field path split once, read by walking embedded documents. The library splits a path with a regular
 * expression on every read, which cost more than the read itself when a sort, a group or a projection reads the
 * same path in twenty thousand documents. Only the plain case is answered here: where the walk meets anything but
 * an embedded document (an array, null, a scalar) the caller asks the library, whose rules for arrays differ
 * between expressions, queries and sorts.
 */
final class FieldPath {

    /** What {@link #valueIn} returns when the walk cannot tell the value. */
    static final Object UNRESOLVED = new Object() {
        @Override
        public String toString() {
            return "UNRESOLVED";
        }
    };

    private final String path;
    private final String[] parts;

    private FieldPath(String path) {
        this.path = path;
        this.parts = path.split("\\.", -1);
    }

    static FieldPath of(String path) {
        return new FieldPath(path);
    }

    String path() {
        return path;
    }

    /**
     * The value at the path when every level before the last holds an embedded document: the stored value, or the
     * library's {@code Missing} when the last level lacks it. {@link #UNRESOLVED} when a level before the last holds
     * anything else or lacks the field.
     */
    Object valueIn(Document document) {
        Document level = document;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(level.get(parts[i]) instanceof Document below)) {
                return UNRESOLVED;
            }
            level = below;
        }
        return level.getOrMissing(parts[parts.length - 1]);
    }
}

package io.formsapi.store;

import java.util.Random;

import de.bwaldvogel.mongo.bson.Document;

/** Fields of the random documents the store's evaluations are checked on against the library's. */
final class RandomFields {

    private RandomFields() {
    }

    /**
     * Appends {@code field} with {@code value}, or with null one time in {@code sides}, or leaves it out one time in
     * {@code sides}: the three cases a query or a stage must tell apart.
     */
    static void maybe(Random random, Document document, String field, Object value, int sides) {
        int dice = random.nextInt(sides);
        if (dice == 0) {
            document.append(field, null);
        } else if (dice > 1) {
            document.append(field, value);
        }
    }
}

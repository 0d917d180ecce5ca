package io.formsapi.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import de.bwaldvogel.mongo.bson.Document;

/**
 * The most recently read documents of a collection by position, at most {@code capacity} of them. A read through
 * the MVStore walks its B-tree from the root for every document and compares keys at each level; the documents of
 * a form are spread over the whole file, so reading a form's twenty thousand responses cost that walk twenty
 * thousand times, and the page cache kept each one's neighbours from other forms too. Holds the very objects the
 * MVStore returns, as its page cache does (the library updates a document by changing the object it read and
 * storing it again), and forgets a position when its document is stored again or removed. 0 holds none.
 */
final class DocumentCache {

    private final Map<Object, Document> documents;
    private int capacity;

    DocumentCache(int capacity) {
        this.capacity = capacity;
        this.documents = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Document> eldest) {
                return size() > DocumentCache.this.capacity;
            }
        };
    }

    synchronized Document get(Object position, Function<Object, Document> read) {
        if (capacity == 0) {
            return read.apply(position);
        }
        Document document = documents.get(position);
        if (document == null) {
            document = read.apply(position);
            if (document != null) {
                documents.put(position, document);
            }
        }
        return document;
    }

    synchronized void resize(int capacity) {
        this.capacity = capacity;
        documents.clear();
    }

    synchronized void forget(Object position) {
        documents.remove(position);
    }

    synchronized void clear() {
        documents.clear();
    }

    synchronized int size() {
        return documents.size();
    }
}

package io.formsapi.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The H2 backend's collection, answering queries from its {@link SecondaryIndex}es. The library already asks each
 * index in turn whether it can answer a query, but takes the first that can, and then reads and sorts every
 * document the index names; here the best index is chosen, and a sorted, limited query reads documents in index
 * order only until it has the ones it returns.
 */
final class IndexedCollection extends H2Collection {

    private final List<Index<Object>> deferred = new ArrayList<>();
    private final DocumentCache documents;
    private final KeptRows rows;
    private boolean deferring;

    /**
     * @param deferIndexBuilds while the store opens, every index of the collection is built in one pass over its
     *                         documents ({@link #buildDeferredIndexes}) instead of two passes each
     * @param keeping          how many of the documents read last, and of the rows of the scans read last, are kept
     *                         for the next reads
     */
    IndexedCollection(MongoDatabase database, String collectionName, CollectionOptions options,
            MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry,
            boolean deferIndexBuilds, Keeping keeping) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        this.deferring = deferIndexBuilds;
        this.documents = new DocumentCache(keeping.documents());
        this.rows = new KeptRows(keeping.rows());
    }

    void keep(Keeping capacity) {
        documents.resize(capacity.documents());
        rows.resize(capacity.rows());
    }

    /** After the library has stored the document and added it to every index. */
    @Override
    public void addDocument(Document document) {
        super.addDocument(document);
        rows.written(document);
    }

    @Override
    protected Document getDocument(Object position) {
        return documents.get(position, super::getDocument);
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        documents.forget(position);
        super.handleUpdate(position, oldDocument, newDocument);
        // the library has updated the indexes before
        rows.written(oldDocument);
        rows.written(newDocument);
    }

    @Override
    protected void removeDocument(Object position) {
        Document removed = getDocument(position);
        documents.forget(position);
        super.removeDocument(position);
        // the library has removed it from the indexes before
        if (removed != null) {
            rows.written(removed);
        }
    }

    @Override
    public synchronized void drop() {
        documents.clear();
        rows.clear();
        super.drop();
    }

    @Override
    public synchronized void addIndex(Index<Object> index) {
        if (deferred.stream().anyMatch(waiting -> waiting.getName().equals(index.getName()))) {
            return;
        }
        boolean known = getIndexes().stream().anyMatch(existing -> existing.getName().equals(index.getName()));
        if (known || !(index instanceof SecondaryIndex || index instanceof UniqueIndex)) {
            super.addIndex(index);
        } else if (deferring) {
            deferred.add(index);
        } else if (index instanceof UniqueIndex) {
            // checks every document for duplicates before it adds any
            super.addIndex(index);
        } else {
            build(List.of(index));
        }
    }

    synchronized void buildDeferredIndexes() {
        deferring = false;
        build(List.copyOf(deferred));
        deferred.clear();
    }

    private void build(List<Index<Object>> indexes) {
        if (indexes.isEmpty()) {
            return;
        }
        streamAllDocumentsWithPosition().forEach(stored -> indexes
                .forEach(index -> index.add(stored.getDocument(), stored.getPosition(), this)));
        getIndexes().addAll(indexes);
    }

    /**
     * The number of documents {@code query} selects when an index holds the whole answer (equalities and
     * {@code $in} on its fields, nothing else), counted without reading a document; -1 otherwise.
     */
    synchronized long countFromIndex(Document query) {
        QueryConditions conditions = QueryConditions.of(query);
        if (!conditions.isOnlyEqualities() || uniqueIndexAnswers(query)) {
            return -1;
        }
        IndexScan scan = bestScan(conditions, null);
        return scan == null || scan.fieldsUsed() != conditions.size() ? -1 : scan.count();
    }

    @Override
    protected synchronized QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
            int batchSize, Document fieldSelector) {
        IndexScan scan = uniqueIndexAnswers(query) ? null : bestScan(QueryConditions.of(query), orderBy);
        if (scan == null) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        if (scan.isOrdered() && limit > 0) {
            Document residual = scan.residual(query);
            List<Document> first = scan.firstMatches(numberToSkip + limit, this::getDocument,
                    document -> documentMatchesQuery(document, residual));
            return matchDocumentsFromStream(first.stream(), residual, orderBy, numberToSkip, limit, batchSize,
                    fieldSelector);
        }
        if (!byFields(orderBy)) {
            return matchDocuments(query, scan.positions(), orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        return matchDocumentsFromStream(new Document(),
                selected(scan, query, orderBy, FieldsRead.ofInclusion(fieldSelector)).stream(), numberToSkip, limit,
                batchSize, null, fieldSelector);
    }

    /**
     * The documents {@code query} selects, in the order of {@code orderBy} (none: the index's), when an index
     * narrows them down; null when none does or the order is not by fields. When what is done with them reads only
     * {@code fieldsRead} (null: unknown), documents made of the index's keys stand in for the stored ones if the
     * index holds those fields, else copies of the stored ones with only those fields, kept for the next read of
     * the same scan and fields ({@link KeptRows}).
     */
    synchronized List<Document> selected(Document query, Document orderBy, Set<String> fieldsRead) {
        if (!byFields(orderBy)) {
            return null;
        }
        if (uniqueIndexAnswers(query)) {
            List<Document> found = handleQueryAsStream(query).toList();
            SortKeys sort = SortKeys.of(orderBy);
            return sort == null ? found : sort.sorted(found);
        }
        IndexScan scan = bestScan(QueryConditions.of(query), orderBy);
        return scan == null ? null : selected(scan, query, orderBy, fieldsRead);
    }

    /**
     * Each document the scan names is matched against what the query asks beyond the keys the scan fixes; an
     * ordered scan hands them over already sorted, or nearly so. Copies with a few fields are matched and sorted
     * once and kept so ({@link KeptRows}), as a partial index in the sort's order would hold them; documents made
     * of the index's keys are kept so once the same scan is read again.
     */
    private List<Document> selected(IndexScan scan, Document query, Document orderBy, Set<String> fieldsRead) {
        Document residual = scan.residual(query);
        Set<String> read = fieldsRead == null ? null : allRead(fieldsRead, residual, orderBy);
        if (read != null && !scan.covers(read)) {
            FieldSubset subset = new FieldSubset(read);
            // copied again once in order, so that reading them walks memory in the order it was filled
            return rows.rows(scan.rowsKey(read, residual, orderBy), scan.leadingField(), scan.leadingValue(),
                    () -> matchingSorted(consumer -> scan.positions()
                            .forEach(position -> consumer.accept(subset.of(getDocument(position)))), residual,
                            orderBy).stream().map(subset::of).toList());
        }
        if (read != null) {
            return rows.rowsWhenReadAgain(scan.rowsKey(read, residual, orderBy), scan.leadingField(),
                    scan.leadingValue(), () -> matchingSorted(consumer -> scan.forEachDocument(this::getDocument,
                            consumer), residual, orderBy));
        }
        return matchingSorted(consumer -> scan.positions().forEach(position -> consumer.accept(getDocument(position))),
                residual, orderBy);
    }

    /** The documents {@code candidates} hands over that match {@code residual}, in the order of {@code orderBy}. */
    private static List<Document> matchingSorted(Consumer<Consumer<Document>> candidates, Document residual,
            Document orderBy) {
        Predicate<Document> matches = CompiledQuery.of(residual);
        List<Document> matching = new ArrayList<>();
        candidates.accept(document -> {
            if (residual.isEmpty() || matches.test(document)) {
                matching.add(document);
            }
        });
        SortKeys sort = SortKeys.of(orderBy);
        return sort == null ? matching : sort.sorted(matching);
    }

    /** The fields read by the stages, the query and the sort together; null when the query's cannot be told. */
    private static Set<String> allRead(Set<String> fieldsRead, Document residual, Document orderBy) {
        Set<String> queried = FieldsRead.ofQuery(residual);
        if (queried == null) {
            return null;
        }
        Set<String> all = new HashSet<>(fieldsRead);
        all.addAll(queried);
        if (orderBy != null) {
            all.addAll(orderBy.keySet());
        }
        return all;
    }

    /** No order, or one by fields that {@link SortKeys} sorts as the library would. */
    private static boolean byFields(Document orderBy) {
        return orderBy == null || orderBy.isEmpty() || SortKeys.of(orderBy) != null;
    }

    /** The library's own unique indexes (the id among them) answer a query on exactly their keys with one lookup. */
    private boolean uniqueIndexAnswers(Document query) {
        return getIndexes().stream().filter(index -> !(index instanceof SecondaryIndex))
                .anyMatch(index -> index.canHandle(query));
    }

    private IndexScan bestScan(QueryConditions conditions, Document orderBy) {
        if (conditions.isEmpty()) {
            return null;
        }
        IndexScan best = null;
        for (Index<Object> index : getIndexes()) {
            if (index instanceof SecondaryIndex secondary) {
                IndexScan scan = secondary.plan(conditions, orderBy);
                if (scan != null && (best == null || scan.betterThan(best))) {
                    best = scan;
                }
            }
        }
        return best;
    }
}

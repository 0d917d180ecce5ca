package io.formsapi.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.NumericUtils;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/**
 * The H2 backend's database with real secondary indexes ({@link SecondaryIndex}, where the library ignores them)
 * in {@link IndexedCollection}s, and aggregations that start from an index: a pipeline whose leading {@code $match}
 * stages an index can narrow reads only the documents the index names, where the library reads the whole
 * collection. Unique indexes (the id among them) keep the library's semantics in memory ({@link UniqueIndex}).
 * Every index is built from the documents when the store opens; only the documents are in the file.
 */
final class IndexedDatabase extends H2Database {

    /** The names H2Database gives a collection's maps, so that files written without these indexes still open. */
    static final String DATA_MAP_PREFIX = "databases.";
    private static final String META_MAP_PREFIX = "meta.";

    private final MVStore store;
    private Keeping keeping;
    private final List<IndexedCollection> opening = new ArrayList<>();
    private boolean open;

    /** @param keeping how much of what it read each collection keeps */
    IndexedDatabase(String databaseName, MVStore store, CursorRegistry cursorRegistry, Keeping keeping) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
        this.keeping = keeping;
        super.initializeNamespacesAndIndexes();
        opening.forEach(IndexedCollection::buildDeferredIndexes);
        opening.clear();
        open = true;
    }

    /** How much of what it read each collection keeps, from now on. */
    synchronized void keep(Keeping capacity) {
        keeping = capacity;
        String prefix = DATA_MAP_PREFIX + getDatabaseName() + ".";
        store.getMapNames().stream().filter(name -> name.startsWith(prefix))
                .map(name -> resolveCollection(name.substring(prefix.length()), false))
                .forEach(collection -> {
                    if (collection instanceof IndexedCollection indexed) {
                        indexed.keep(capacity);
                    }
                });
    }

    /**
     * The super constructor calls this before the fields above are set, and opening collections needs the store;
     * the constructor calls the library's version once they are.
     */
    @Override
    protected void initializeNamespacesAndIndexes() {
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        IndexedCollection collection = new IndexedCollection(this, collectionName, options,
                store.openMap(DATA_MAP_PREFIX + fullName), store.openMap(META_MAP_PREFIX + fullName), cursorRegistry,
                !open, keeping);
        if (!open) {
            opening.add(collection);
        }
        return collection;
    }

    /**
     * In memory, like the secondary indexes. The map the library kept the index in, in files written before, is
     * removed: left behind it would go stale, and the library rebuilds a missing one should the file ever be opened
     * without these classes.
     */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        store.removeMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName);
        return new UniqueIndex(indexName, keys, sparse);
    }

    /** Positions in an H2 collection are the documents' ids (H2Collection.addDocumentInternal). */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        return new SecondaryIndex(indexName, keys, sparse, document -> document.get("_id"));
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver,
            Oplog oplog) {
        if (command.equalsIgnoreCase("aggregate")) {
            Document answer = aggregateFromIndex(query, databaseResolver, oplog);
            if (answer != null) {
                clearLastStatus(channel);
                return answer;
            }
        }
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }

    /**
     * The aggregation's result when an index serves its leading matches, else null (and the library runs it).
     * Pipelines that write ({@code $out}, {@code $merge}) are left to the library.
     */
    private Document aggregateFromIndex(Document command, DatabaseResolver databaseResolver, Oplog oplog) {
        if (!(command.get("aggregate") instanceof String collectionName)
                || !(resolveCollection(collectionName, false) instanceof IndexedCollection collection)) {
            return null;
        }
        List<Document> pipeline = Aggregation.parse(command.get("pipeline"));
        List<Document> matches = leadingMatches(pipeline);
        if (matches.isEmpty()) {
            return null;
        }
        Document leading = together(matches);
        List<Document> rest = pipeline.subList(matches.size(), pipeline.size());
        Aggregation aggregation = Aggregation.fromPipeline(pipeline, databaseResolver, this, collection, oplog);
        aggregation.validate(command);
        if (aggregation.isModifying()) {
            return null;
        }
        long count = isCounting(rest) ? collection.countFromIndex(leading) : -1;
        List<Document> results = count >= 0 ? counted((Document) rest.get(0).get("$group"), count)
                : fromIndex(collection, leading, rest, databaseResolver, oplog);
        if (results == null) {
            return null;
        }
        Document cursor = new Document("id", 0L).append("ns", getFullCollectionNamespace(collectionName))
                .append("firstBatch", results);
        Document response = new Document("cursor", cursor);
        Utils.markOkay(response);
        return response;
    }

    /**
     * What the count's {@code $group} gives for {@code count} documents: nothing for none, else one row with its
     * constant id and each constant summed once per document, added as the library's {@code $sum} adds.
     */
    private static List<Document> counted(Document group, long count) {
        if (count == 0) {
            return List.of();
        }
        Document row = new Document("_id", group.get("_id"));
        for (Map.Entry<String, Object> field : group.entrySet()) {
            if (!field.getKey().equals("_id")) {
                Number each = (Number) ((Document) field.getValue()).get("$sum");
                Number sum = 0;
                for (long i = 0; i < count; i++) {
                    sum = NumericUtils.addNumbers(sum, each);
                }
                row.put(field.getKey(), sum);
            }
        }
        return List.of(row);
    }

    /**
     * The stages after the leading matches run on the documents the index selects, which satisfy those matches
     * already, and come sorted when a {@code $sort} by fields follows them; made of the index's keys when the
     * stages read nothing else. Null when no index serves the matches.
     */
    private List<Document> fromIndex(IndexedCollection collection, Document leading, List<Document> rest,
            DatabaseResolver databaseResolver, Oplog oplog) {
        Document sort = rest.isEmpty() ? null : sortByFields(rest.get(0));
        List<Document> after = rest.subList(sort == null ? 0 : 1, rest.size());
        List<Document> selected = collection.selected(leading, sort, FieldsRead.ofStages(after));
        if (selected == null) {
            return null;
        }
        return new StageEvaluator((stages, documents) -> Aggregation
                .fromPipeline(stages, databaseResolver, this, collection, oplog).runStages(documents.stream()))
                .run(after, selected);
    }

    /** The order of a {@code $sort} stage by fields, or null for any other stage. */
    private static Document sortByFields(Document stage) {
        return stage.size() == 1 && stage.get("$sort") instanceof Document sort && SortKeys.of(sort) != null ? sort
                : null;
    }

    /**
     * One query selecting what all of {@code matches} select: their conditions side by side when no two name the
     * same field and none is an operator (as the search's form filter and its words are), so that an index's keys
     * can be told apart from the rest; else their {@code $and}.
     */
    private static Document together(List<Document> matches) {
        if (matches.size() == 1) {
            return matches.get(0);
        }
        Document merged = new Document();
        for (Document match : matches) {
            for (Map.Entry<String, Object> condition : match.entrySet()) {
                if (condition.getKey().startsWith("$") || merged.containsKey(condition.getKey())) {
                    return new Document("$and", matches);
                }
                merged.put(condition.getKey(), condition.getValue());
            }
        }
        return merged;
    }

    /** The pipeline's leading {@code $match} stages (together they select what all of them select). */
    private static List<Document> leadingMatches(List<Document> pipeline) {
        List<Document> matches = new ArrayList<>();
        for (Document stage : pipeline) {
            if (stage.size() != 1 || !(stage.get("$match") instanceof Document match)) {
                break;
            }
            matches.add(match);
        }
        return matches;
    }

    /**
     * Whether the stages are one {@code $group} by a constant whose every field sums a constant, as the driver's
     * {@code countDocuments} sends: its result depends on nothing but the number of documents.
     */
    private static boolean isCounting(List<Document> stages) {
        if (stages.size() != 1 || !(stages.get(0).get("$group") instanceof Document group) || stages.get(0).size() != 1
                || !CompiledExpression.isConstant(group.get("_id"))) {
            return false;
        }
        return group.entrySet().stream().filter(field -> !field.getKey().equals("_id"))
                .allMatch(field -> field.getValue() instanceof Document sum && sum.size() == 1
                        && sum.get("$sum") instanceof Number);
    }
}

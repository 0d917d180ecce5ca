package io.formsapi.search;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.aggregation.ConditionalOperators;
import org.springframework.data.mongodb.core.aggregation.GroupOperation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

import io.formsapi.responses.FormResponse;

/** The reads a search makes. The responses' indexes (by form and time, by form and term) serve them. */
@Repository
class SearchStore {

    private static final String IDS = "ids";
    private static final String WORD_COUNTS = "wordCounts";
    private static final String COUNTS = "counts";
    /**
     * Stands for a word count the response does not have. Each column pushes a value for every response, so that
     * the columns stay aligned: {@code $push} leaves out a missing value (and the embedded store a null too).
     */
    private static final int NO_WORD_COUNT = -1;
    /** About 20 bytes each at most (an id, a number, a key): ten million bytes in all. */
    private static final int MOST_COLUMN_VALUES = 500_000;

    private final MongoTemplate mongo;

    SearchStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    long count(Criteria criteria) {
        return mongo.count(Query.query(criteria), FormResponse.class);
    }

    List<FormResponse> newest(Criteria criteria, long skip, int limit) {
        return mongo.find(Query.query(criteria).with(FormResponse.NEWEST_FIRST).skip(skip).limit(limit), FormResponse.class);
    }

    /**
     * What ranking reads of the newest matches, newest first, as columns: the ids, how many words each one's texts
     * hold, and how often each has each free word ({@code counts[w][i]} for the w-th word and i-th response).
     */
    record Candidates(List<?> ids, int[] wordCounts, int[][] counts) {

        static final Candidates NONE = new Candidates(List.of(), new int[0], new int[0][]);

        int size() {
            return wordCounts.length;
        }

        String id(int i) {
            return idOf(ids.get(i));
        }

        /** Whether the response was stored with word counts; those stored before were not. */
        boolean counted(int i) {
            return wordCounts[i] != NO_WORD_COUNT;
        }
    }

    /**
     * How many of the newest matches {@link #newestCandidates} reads for {@code words} free words: at most
     * {@code maxCandidates}, and few enough that its columns stay well inside MongoDB's 16 MB per document.
     */
    static int window(int maxCandidates, int words) {
        return Math.min(maxCandidates, MOST_COLUMN_VALUES / (2 + words));
    }

    /**
     * The newest {@code limit} responses {@code criteria} selects, with their counts of {@code words} (at most
     * {@link #window} of them). They come as one row of columns (ids, word counts, one column per word): one
     * document to send and decode instead of one per response, which cost more than the ranking itself.
     */
    Candidates newestCandidates(Criteria criteria, int limit, List<String> words) {
        GroupOperation columns = Aggregation.group().push("_id").as(IDS)
                .push(ConditionalOperators.ifNull(FormResponse.WORD_COUNT).then(NO_WORD_COUNT)).as(WORD_COUNTS);
        for (int i = 0; i < words.size(); i++) {
            columns = columns.push(ConditionalOperators.ifNull(FormResponse.termCountPath(words.get(i))).then(0))
                    .as(COUNTS + i);
        }
        Aggregation newest = Aggregation.newAggregation(Aggregation.match(criteria),
                Aggregation.sort(FormResponse.NEWEST_FIRST), Aggregation.limit(limit), columns);
        List<Document> rows = mongo.aggregate(newest, FormResponse.COLLECTION, Document.class).getMappedResults();
        if (rows.isEmpty()) {
            return Candidates.NONE;
        }
        Document row = rows.get(0);
        int[][] counts = new int[words.size()][];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = ints(row.getList(COUNTS + i, Number.class));
        }
        return new Candidates(row.getList(IDS, Object.class), ints(row.getList(WORD_COUNTS, Number.class)), counts);
    }

    private static int[] ints(List<Number> numbers) {
        int[] ints = new int[numbers.size()];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = numbers.get(i).intValue();
        }
        return ints;
    }

    /**
     * The answers to {@code fields} of the newest {@code limit} responses {@code criteria} selects, by id: one
     * document each, as a chosen option's answer may be long.
     */
    Map<String, Map<String, Object>> newestAnswers(Criteria criteria, int limit, Collection<String> fields) {
        Query query = Query.query(criteria).with(FormResponse.NEWEST_FIRST).limit(limit);
        fields.forEach(field -> query.fields().include(FormResponse.answerPath(field)));
        return answersById(query);
    }

    /** The answers to {@code fields} of the responses with these ids. */
    Map<String, Map<String, Object>> answersOf(Collection<String> ids, Collection<String> fields) {
        Query query = Query.query(Criteria.where("_id").in(ids));
        fields.forEach(field -> query.fields().include(FormResponse.answerPath(field)));
        return answersById(query);
    }

    private Map<String, Map<String, Object>> answersById(Query query) {
        Map<String, Map<String, Object>> answers = new HashMap<>();
        try (Stream<Document> stored = mongo.stream(query, Document.class, FormResponse.COLLECTION)) {
            stored.forEach(response -> {
                Document answered = response.get(FormResponse.ANSWERS, Document.class);
                answers.put(idOf(response.get("_id")), answered == null ? Map.of() : new HashMap<>(answered));
            });
        }
        return answers;
    }

    static String idOf(Object id) {
        return id instanceof ObjectId objectId ? objectId.toHexString() : String.valueOf(id);
    }

    /** The responses with these ids, in no particular order. */
    List<FormResponse> byIds(Collection<String> ids) {
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), FormResponse.class);
    }

    /**
     * How many of the responses {@code criteria} selects contain each of {@code words} (the words none contains are
     * left out). One count per word: on the index by form and term each is a count of index keys, where one pass
     * over the responses holding any of the words would read and unwind every one of them.
     */
    Map<String, Long> documentFrequencies(Criteria criteria, List<String> words) {
        Map<String, Long> frequencies = new HashMap<>();
        for (String word : words) {
            long containing = count(new Criteria().andOperator(criteria, Criteria.where(FormResponse.TERMS).is(word)));
            if (containing > 0) {
                frequencies.put(word, containing);
            }
        }
        return frequencies;
    }
}

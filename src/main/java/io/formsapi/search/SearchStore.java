package io.formsapi.search;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

import io.formsapi.responses.FormResponse;

/** The reads a search makes. The responses' indexes (by form and time, by form and term) serve them. */
@Repository
class SearchStore {

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
     * A stored response read in part: its id, its submission time, its word counts ({@code termCounts} holding only
     * the words asked for; both null if it was stored without them) and some of its answers.
     */
    record PartialResponse(String id, Instant submittedAt, Integer wordCount, Map<String, Object> termCounts,
            Map<String, Object> answers) {
    }

    /** The newest {@code limit} responses {@code criteria} selects, each read with only {@code paths}. */
    List<PartialResponse> newestPartial(Criteria criteria, int limit, Collection<String> paths) {
        Query query = Query.query(criteria).with(FormResponse.NEWEST_FIRST).limit(limit);
        query.fields().include(FormResponse.SUBMITTED_AT);
        paths.forEach(path -> query.fields().include(path));
        return partial(query);
    }

    /** The responses with these ids, each read with only {@code paths}, in no particular order. */
    List<PartialResponse> partialByIds(Collection<String> ids, Collection<String> paths) {
        Query query = Query.query(Criteria.where("_id").in(ids));
        paths.forEach(path -> query.fields().include(path));
        return partial(query);
    }

    /** Read as the stored documents: mapping thousands of candidates into records cost more than ranking them. */
    private List<PartialResponse> partial(Query query) {
        try (Stream<Document> responses = mongo.stream(query, Document.class, FormResponse.COLLECTION)) {
            return responses.map(SearchStore::partial).toList();
        }
    }

    private static PartialResponse partial(Document stored) {
        Object id = stored.get("_id");
        Date submittedAt = stored.getDate(FormResponse.SUBMITTED_AT);
        Object wordCount = stored.get(FormResponse.WORD_COUNT);
        return new PartialResponse(id instanceof ObjectId objectId ? objectId.toHexString() : String.valueOf(id),
                submittedAt == null ? null : submittedAt.toInstant(),
                wordCount instanceof Number count ? count.intValue() : null,
                stored.get(FormResponse.TERM_COUNTS, Document.class),
                stored.get(FormResponse.ANSWERS, Document.class));
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

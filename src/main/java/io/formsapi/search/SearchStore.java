package io.formsapi.search;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.bson.Document;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.aggregation.TypedAggregation;
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

    /** A stored response read in part: its id, its submission time and some of its answers. */
    record PartialResponse(@Id String id, Instant submittedAt, Map<String, Object> answers) {
    }

    /**
     * The newest {@code limit} responses {@code criteria} selects, each read with only the answers to
     * {@code fields} and reduced by {@code digest} as it arrives, so that only the digests are held at once.
     */
    <T> List<T> newestDigests(Criteria criteria, int limit, Collection<String> fields,
            Function<PartialResponse, T> digest) {
        Query query = Query.query(criteria).with(FormResponse.NEWEST_FIRST).limit(limit);
        query.fields().include(FormResponse.SUBMITTED_AT);
        fields.forEach(field -> query.fields().include(FormResponse.answerPath(field)));
        try (Stream<PartialResponse> responses = mongo.stream(query, PartialResponse.class, FormResponse.COLLECTION)) {
            return responses.map(digest).toList();
        }
    }

    /** The responses with these ids, in no particular order. */
    List<FormResponse> byIds(Collection<String> ids) {
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), FormResponse.class);
    }

    /** How many of the responses {@code criteria} selects contain each of {@code words}, in one pass. */
    Map<String, Long> documentFrequencies(Criteria criteria, List<String> words) {
        TypedAggregation<FormResponse> counting = Aggregation.newAggregation(FormResponse.class,
                Aggregation.match(criteria),
                Aggregation.match(Criteria.where(FormResponse.TERMS).in(words)),
                Aggregation.project(FormResponse.TERMS),
                Aggregation.unwind(FormResponse.TERMS),
                Aggregation.match(Criteria.where(FormResponse.TERMS).in(words)),
                Aggregation.group(FormResponse.TERMS).count().as("responses"));
        Map<String, Long> frequencies = new HashMap<>();
        for (Document row : mongo.aggregate(counting, Document.class)) {
            frequencies.put(row.getString("_id"), ((Number) row.get("responses")).longValue());
        }
        return frequencies;
    }
}

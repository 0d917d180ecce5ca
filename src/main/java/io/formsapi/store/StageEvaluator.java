package io.formsapi.store;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Runs the stages of a pipeline after the documents an index selected: the leading {@code $project},
 * {@code $unwind}, {@code $match}, {@code $sort}, {@code $skip}, {@code $limit}, {@code $group} and {@code $facet}
 * stages of the shapes handled here run on this class's own code, which reads each document's fields in place
 * instead of the library's copy of every document in every stage and its re-parsing of every field path for every
 * document; the library runs the rest, from the first stage not handled here, on what these stages made. Each
 * stage gives what the library's gives (the tests compare the two on random documents). The documents given are
 * never changed.
 */
final class StageEvaluator {

    /** The library's own run of some stages on some documents. */
    @FunctionalInterface
    interface Library {
        List<Document> run(List<Document> stages, List<Document> documents);
    }

    private final Library library;

    StageEvaluator(Library library) {
        this.library = library;
    }

    List<Document> run(List<Document> stages, List<Document> documents) {
        List<Document> rows = documents;
        int own = 0;
        for (Document stage : stages) {
            UnaryOperator<List<Document>> step = own(stage);
            if (step == null) {
                break;
            }
            rows = step.apply(rows);
            own++;
        }
        return own == stages.size() ? rows : library.run(stages.subList(own, stages.size()), rows);
    }

    /** The stage as run here, or null when the library runs it. */
    private UnaryOperator<List<Document>> own(Document stage) {
        if (stage.size() != 1) {
            return null;
        }
        Map.Entry<String, Object> only = stage.entrySet().iterator().next();
        Object spec = only.getValue();
        return switch (only.getKey()) {
            case "$project" -> spec instanceof Document projection ? ProjectedFields.of(projection) : null;
            case "$unwind" -> UnwoundArray.of(spec);
            case "$group" -> spec instanceof Document group ? Grouping.of(group) : null;
            case "$match" -> spec instanceof Document query ? matching(query) : null;
            case "$sort" -> spec instanceof Document order ? sorting(order) : null;
            case "$facet" -> spec instanceof Document facet ? facet(facet) : null;
            case "$skip" -> skipping(spec);
            case "$limit" -> limiting(spec);
            default -> null;
        };
    }

    /** The query compiled once ({@link CompiledQuery}), reading each document in place. */
    private static UnaryOperator<List<Document>> matching(Document query) {
        Predicate<Document> matches = CompiledQuery.of(query);
        return rows -> rows.stream().filter(matches).toList();
    }

    /** Rows that are not cut keep their kind ({@link ColumnarRows} among them). */
    private static UnaryOperator<List<Document>> skipping(Object spec) {
        int skip = count(spec);
        return skip < 0 ? null : rows -> skip == 0 ? rows : rows.subList(Math.min(skip, rows.size()), rows.size());
    }

    private static UnaryOperator<List<Document>> limiting(Object spec) {
        int limit = count(spec);
        return limit <= 0 ? null : rows -> limit >= rows.size() ? rows : rows.subList(0, limit);
    }

    /** A whole number of documents as an int, or -1 for anything else, which the library judges. */
    private static int count(Object spec) {
        return (spec instanceof Integer || spec instanceof Long) && ((Number) spec).longValue() >= 0
                ? (int) Math.min(Integer.MAX_VALUE, ((Number) spec).longValue()) : -1;
    }

    private static UnaryOperator<List<Document>> sorting(Document order) {
        SortKeys keys = SortKeys.of(order);
        return keys == null ? null : keys::sorted;
    }

    /** Each of the facet's pipelines on the same documents, here as far as each goes, into one document. */
    private UnaryOperator<List<Document>> facet(Document facet) {
        if (facet.isEmpty() || !facet.values().stream().allMatch(pipeline -> pipeline instanceof List<?> stages
                && stages.stream().allMatch(Document.class::isInstance))) {
            return null;
        }
        return rows -> {
            Document result = new Document();
            for (Map.Entry<String, Object> pipeline : facet.entrySet()) {
                @SuppressWarnings("unchecked")
                List<Document> stages = (List<Document>) pipeline.getValue();
                result.put(pipeline.getKey(), run(stages, rows));
            }
            return List.of(result);
        };
    }
}

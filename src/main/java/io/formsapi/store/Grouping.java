package io.formsapi.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.aggregation.accumulator.Accumulator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A {@code $group} stage as the library's runs it (groups ordered by their ids as values sort, a missing id taken
 * as null, the library's own accumulators), with its expressions compiled once ({@link CompiledExpression}) instead
 * of interpreted for each document. An expression of one field path is evaluated from the rows' column of it when
 * they are {@link ColumnarRows}.
 */
final class Grouping implements UnaryOperator<List<Document>> {

    private final CompiledExpression id;
    private final List<Supplier<Accumulator>> accumulators;
    private final List<CompiledExpression> inputs = new ArrayList<>();

    private Grouping(Document group) {
        this.id = CompiledExpression.of(group.get("_id"));
        this.accumulators = List.copyOf(Accumulator.parse(group).values());
        accumulators.forEach(accumulator -> inputs.add(CompiledExpression.of(accumulator.get().getExpression())));
    }

    /** An expression's value in each row, by the row's index. */
    @FunctionalInterface
    private interface RowValues {

        Object in(int row);

        /**
         * An expression of one field path from the rows' column of it where they have one, a constant as it is
         * without reading a row, anything else evaluated on each row.
         */
        static RowValues of(CompiledExpression compiled, List<Document> rows) {
            FieldPath path = compiled.onePath();
            if (path != null && rows instanceof ColumnarRows columnar) {
                Object[] column = columnar.column(path);
                return row -> compiled.fromValue(column[row], () -> rows.get(row));
            }
            if (compiled instanceof CompiledExpression.Constant constant) {
                return row -> constant.value();
            }
            return row -> compiled.evaluate(rows.get(row));
        }
    }

    /** Null when the stage has no id, which the library reports when it validates the pipeline. */
    static Grouping of(Document group) {
        return group.containsKey("_id") ? new Grouping(group) : null;
    }

    @Override
    public List<Document> apply(List<Document> given) {
        List<Document> documents = given instanceof RandomAccess ? given : new ArrayList<>(given);
        Map<Object, List<Accumulator>> groups = new TreeMap<>(ValueComparator.asc());
        // Most ids are null or strings, found by hash instead of by the library's comparison of values at each
        // step down the tree; equal ones always compare equal, so this finds the group the tree would.
        Map<Object, List<Accumulator>> byEquality = new HashMap<>();
        RowValues ids = RowValues.of(id, documents);
        List<RowValues> values = inputs.stream().map(input -> RowValues.of(input, documents)).toList();
        for (int row = 0; row < documents.size(); row++) {
            Object evaluated = ids.in(row);
            Object key = evaluated instanceof Missing ? null : evaluated;
            List<Accumulator> accumulated = key == null || key instanceof String
                    ? byEquality.computeIfAbsent(key, k -> group(groups, k)) : group(groups, key);
            for (int i = 0; i < accumulated.size(); i++) {
                accumulated.get(i).aggregate(values.get(i).in(row));
            }
        }
        List<Document> rows = new ArrayList<>(groups.size());
        groups.forEach((key, accumulated) -> {
            Document row = new Document("_id", key);
            accumulated.forEach(accumulator -> row.put(accumulator.getField(), accumulator.getResult()));
            rows.add(row);
        });
        return rows;
    }

    private List<Accumulator> group(Map<Object, List<Accumulator>> groups, Object key) {
        return groups.computeIfAbsent(key, k -> accumulators.stream().map(Supplier::get).toList());
    }
}

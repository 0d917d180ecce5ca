package io.formsapi.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A {@code $project} stage that names what it keeps (fields included, computed, or the id left out), as the
 * library's runs it: the id first unless the stage names it, then each named field in the stage's order, a
 * computed one left out when it is missing. Its expressions are compiled once ({@link CompiledExpression}).
 */
final class ProjectedFields implements UnaryOperator<List<Document>> {

    /** One named field: included (expression null), excluded (the id only), or computed. */
    private record Field(String name, boolean included, boolean excluded, CompiledExpression computed) {
    }

    private final boolean namesId;
    private final List<Field> fields = new ArrayList<>();

    private ProjectedFields(Document projection) {
        this.namesId = projection.containsKey("_id");
        for (Map.Entry<String, Object> field : projection.entrySet()) {
            Object value = field.getValue();
            boolean flag = value instanceof Number || value instanceof Boolean;
            fields.add(new Field(field.getKey(), flag && Utils.isTrue(value), flag && !Utils.isTrue(value),
                    flag ? null : CompiledExpression.of(value)));
        }
    }

    /**
     * Null for a projection that only leaves fields out (the library copies the rest), that leaves out a field
     * other than the id, or that sets a field to null.
     */
    static ProjectedFields of(Document projection) {
        boolean includes = false;
        for (Map.Entry<String, Object> field : projection.entrySet()) {
            Object value = field.getValue();
            if (value == null || !Utils.isTrue(value) && !field.getKey().equals("_id")) {
                return null;
            }
            includes |= Utils.isTrue(value);
        }
        return includes ? new ProjectedFields(projection) : null;
    }

    @Override
    public List<Document> apply(List<Document> documents) {
        if (documents instanceof ColumnarRows columnar) {
            return new ProjectedRows(columnar);
        }
        List<Document> projected = new ArrayList<>(documents.size());
        for (Document document : documents) {
            projected.add(project(document));
        }
        return projected;
    }

    private Document project(Document document) {
        Document result = new Document();
        if (!namesId) {
            copy(document, result, "_id");
        }
        for (Field field : fields) {
            if (field.included()) {
                copy(document, result, field.name());
            } else if (field.excluded()) {
                Utils.removeSubdocumentValue(result, field.name());
            } else {
                Object value = field.computed().evaluate(document);
                if (!(value instanceof Missing)) {
                    result.put(field.name(), value);
                }
            }
        }
        return result;
    }

    /**
     * What {@link #apply} gives for columnar rows, each row projected only when asked for: a top-level field the
     * stage keeps, and one it computes from one path, are columns made from the columns of the rows given.
     */
    private final class ProjectedRows extends ColumnarRows.MadeWhenRead {

        private final ColumnarRows given;

        private ProjectedRows(ColumnarRows given) {
            super(new Document[given.size()]);
            this.given = given;
        }

        @Override
        Document make(int index) {
            return project(given.get(index));
        }

        @Override
        Object[] values(FieldPath path) {
            String name = path.path();
            Field field = fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
            boolean keptId = !namesId && name.equals("_id");
            if (name.indexOf('.') >= 0 || !keptId && (field == null || field.excluded())
                    || fields.stream().anyMatch(f -> f.name().startsWith(name + "."))) {
                return super.values(path);
            }
            if (keptId || field.included()) {
                return given.column(path);
            }
            CompiledExpression computed = field.computed();
            if (computed.onePath() == null) {
                return super.values(path);
            }
            Object[] read = given.column(computed.onePath());
            Object[] values = new Object[read.length];
            for (int row = 0; row < values.length; row++) {
                int index = row;
                values[row] = computed.fromValue(read[row], () -> given.get(index));
            }
            return values;
        }
    }

    /**
     * A top-level field as it is; a dotted path by the library, which splits it with a regular expression on every
     * call (most of a projection's time when it ran for each of thousands of documents, the id among them).
     */
    private static void copy(Document from, Document to, String field) {
        if (field.indexOf('.') >= 0) {
            Utils.copySubdocumentValue(from, to, field);
            return;
        }
        Object value = from.getOrMissing(field);
        if (!(value instanceof Missing)) {
            to.put(field, value);
        }
    }
}

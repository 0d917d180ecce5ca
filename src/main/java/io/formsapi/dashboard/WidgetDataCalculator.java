package io.formsapi.dashboard;

import static io.formsapi.responses.FormResponse.FORM_ID;
import static io.formsapi.responses.FormResponse.SUBMITTED_AT;
import static io.formsapi.responses.FormResponse.answerPath;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.aggregation.DateOperators;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.schema.JsonSchemaObject.Type;
import org.springframework.stereotype.Component;

import io.formsapi.forms.Field;
import io.formsapi.forms.Form;
import io.formsapi.forms.FormLoader;
import io.formsapi.responses.FormResponse;
import io.formsapi.responses.ResponseView;
import io.formsapi.web.ApiException;

/**
 * Computes a widget's figures from the stored responses. Counting, grouping and ordering run in the database so
 * that only figures cross the wire, never the responses themselves; the app adds what a query cannot return
 * (days and options nobody picked) and the percentile ranks.
 */
@Component
class WidgetDataCalculator {

    private static final int LATEST_SIZE = 10;
    private static final String COUNT = "count";
    private static final String VALUES = "values";
    private static final String OPTIONS = "options";
    private static final String ANSWERED = "answered";
    private static final String DAY_FORMAT = "%Y-%m-%d";
    /** All of BSON's number types: "number" alone is rendered by the mapping layer as "long" only. */
    private static final Type[] NUMBERS = {Type.doubleType(), Type.intType(), Type.longType(), Type.bigDecimalType()};

    private final MongoTemplate mongo;
    private final FormLoader forms;
    private final Clock clock;

    WidgetDataCalculator(MongoTemplate mongo, FormLoader forms, Clock clock) {
        this.mongo = mongo;
        this.forms = forms;
        this.clock = clock;
    }

    WidgetData calculate(WidgetQuery query) {
        return switch (query.type()) {
            case COUNT -> count(query);
            case TIMESERIES -> timeseries(query);
            case NUMERIC_STATS -> numericStats(query);
            case CHOICE_DISTRIBUTION -> choiceDistribution(query);
            case LATEST -> latest(query);
        };
    }

    private WidgetData.Count count(WidgetQuery query) {
        Instant dayAgo = clock.instant().minus(Duration.ofHours(24));
        return new WidgetData.Count(count(ofForm(query)), count(ofForm(query).and(SUBMITTED_AT).gt(dayAgo)));
    }

    private WidgetData.Timeseries timeseries(WidgetQuery query) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(query.days() - 1L);
        LocalDate end = today.plusDays(1);
        Criteria window = ofForm(query).and(SUBMITTED_AT).gte(startOf(first)).lt(startOf(end));
        Aggregation perDay = Aggregation.newAggregation(Aggregation.match(window),
                Aggregation.project().and(DateOperators.DateToString.dateOf(SUBMITTED_AT).toString(DAY_FORMAT)
                        .withTimezone(DateOperators.Timezone.valueOf("UTC"))).as("day"),
                Aggregation.group("day").count().as(COUNT));
        Map<LocalDate, Long> counts = aggregate(perDay).stream()
                .collect(Collectors.toMap(row -> LocalDate.parse(row.getString("_id")), WidgetDataCalculator::countOf));
        return new WidgetData.Timeseries(query.days(), first.datesUntil(end)
                .map(day -> new WidgetData.DayCount(day, counts.getOrDefault(day, 0L))).toList());
    }

    /**
     * One pass: the answers sorted and gathered into one array, from which the count, mean, extremes and the
     * percentiles by rank are read, so only those figures come back.
     */
    private WidgetData.NumericStats numericStats(WidgetQuery query) {
        String path = answerPath(currentField(query).id());
        // A field whose type changed keeps its older answers; only numbers can be averaged and ranked together.
        Criteria answered = ofForm(query).and(path).type(NUMBERS);
        Aggregation summary = Aggregation.newAggregation(Aggregation.match(answered),
                Aggregation.sort(Sort.Direction.ASC, path), Aggregation.group().push(path).as(VALUES),
                context -> new Document("$project", new Document("_id", 0)
                        .append(COUNT, new Document("$size", "$" + VALUES))
                        .append("mean", new Document("$avg", "$" + VALUES))
                        .append("min", at(0))
                        .append("max", at(-1))
                        .append("p50", at(new Document("$subtract", List.of(nearestRank(50), 1))))
                        .append("p90", at(new Document("$subtract", List.of(nearestRank(90), 1))))));
        List<Document> rows = aggregate(summary);
        if (rows.isEmpty()) {
            return new WidgetData.NumericStats(0, null, null, null, null, null);
        }
        Document row = rows.get(0);
        return new WidgetData.NumericStats(countOf(row), number(row, "mean"), number(row, "min"), number(row, "max"),
                number(row, "p50"), number(row, "p90"));
    }

    /** The sorted answer at a 0-based index, counted from the end when negative. */
    private static Document at(Object index) {
        return new Document("$arrayElemAt", List.of("$" + VALUES, index));
    }

    /**
     * The 1-based position of the {@code percentile}-th percentile among the sorted answers by the nearest-rank
     * method: the smallest rank r with r / n >= percentile / 100, that is ceil(percentile * n / 100), as an int.
     */
    private static Document nearestRank(int percentile) {
        Document share = new Document("$divide",
                List.of(new Document("$multiply", List.of(percentile, new Document("$size", "$" + VALUES))), 100));
        return new Document("$toInt", new Document("$ceil", share));
    }

    /**
     * One pass: the answered responses are read once, and counted both per option and in all. Unwinding counts
     * each option of a multiple choice once; a single choice unwinds to itself.
     */
    private WidgetData.ChoiceDistribution choiceDistribution(WidgetQuery query) {
        Field field = currentField(query);
        String path = answerPath(field.id());
        Criteria answered = ofForm(query).and(path).exists(true);
        Aggregation counting = Aggregation.newAggregation(Aggregation.match(answered),
                Aggregation.facet(Aggregation.unwind(path), Aggregation.group(path).count().as(COUNT)).as(OPTIONS)
                        .and(Aggregation.group().count().as(COUNT)).as(ANSWERED));
        Document row = aggregate(counting).get(0);
        Map<Object, Long> counts = row.getList(OPTIONS, Document.class).stream()
                .collect(Collectors.toMap(option -> option.get("_id"), WidgetDataCalculator::countOf));
        long total = row.getList(ANSWERED, Document.class).stream().mapToLong(WidgetDataCalculator::countOf).sum();
        List<WidgetData.OptionCount> options = field.options().stream()
                .map(option -> new WidgetData.OptionCount(option, counts.getOrDefault(option, 0L))).toList();
        return new WidgetData.ChoiceDistribution(field.label(), options, total);
    }

    private WidgetData.Latest latest(WidgetQuery query) {
        Query newest = Query.query(ofForm(query)).with(FormResponse.NEWEST_FIRST).limit(LATEST_SIZE);
        return new WidgetData.Latest(mongo.find(newest, FormResponse.class).stream().map(ResponseView::of).toList());
    }

    /**
     * A widget outlives edits of its form; once its field is gone or has a type the widget cannot summarise, its
     * figures would describe something the form no longer asks.
     */
    private Field currentField(WidgetQuery query) {
        Form form = forms.load(query.formId()).orElseThrow(() -> ApiException.notFound("form"));
        return form.field(query.fieldId()).filter(f -> query.type().accepts(f.type()))
                .orElseThrow(() -> ApiException.conflict("field " + query.fieldId() + " is no longer a "
                        + query.type().acceptedFieldTypes() + " field of the form; replace this widget"));
    }

    private long count(Criteria criteria) {
        return mongo.count(Query.query(criteria), FormResponse.class);
    }

    private List<Document> aggregate(Aggregation aggregation) {
        return mongo.aggregate(aggregation, FormResponse.COLLECTION, Document.class).getMappedResults();
    }

    private static Criteria ofForm(WidgetQuery query) {
        return Criteria.where(FORM_ID).is(query.formId());
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static long countOf(Document row) {
        return row.get(COUNT, Number.class).longValue();
    }

    private static Double number(Document row, String key) {
        Number value = row.get(key, Number.class);
        return value == null ? null : value.doubleValue();
    }
}

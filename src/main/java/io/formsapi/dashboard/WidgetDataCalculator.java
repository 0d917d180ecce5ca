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

    WidgetData calculate(Widget widget) {
        return switch (widget.type()) {
            case COUNT -> count(widget);
            case TIMESERIES -> timeseries(widget);
            case NUMERIC_STATS -> numericStats(widget);
            case CHOICE_DISTRIBUTION -> choiceDistribution(widget);
            case LATEST -> latest(widget);
        };
    }

    /**
     * The 1-based position of the {@code percentile}-th percentile among {@code n} sorted values by the
     * nearest-rank method: the smallest rank r with r / n >= percentile / 100, that is ceil(percentile * n / 100).
     */
    private static long nearestRank(int percentile, long n) {
        return (percentile * n + 99) / 100;
    }

    private WidgetData.Count count(Widget widget) {
        Instant dayAgo = clock.instant().minus(Duration.ofHours(24));
        return new WidgetData.Count(count(ofForm(widget)), count(ofForm(widget).and(SUBMITTED_AT).gt(dayAgo)));
    }

    private WidgetData.Timeseries timeseries(Widget widget) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(widget.days() - 1L);
        LocalDate end = today.plusDays(1);
        Criteria window = ofForm(widget).and(SUBMITTED_AT).gte(startOf(first)).lt(startOf(end));
        Aggregation perDay = Aggregation.newAggregation(Aggregation.match(window),
                Aggregation.project().and(DateOperators.DateToString.dateOf(SUBMITTED_AT).toString(DAY_FORMAT)
                        .withTimezone(DateOperators.Timezone.valueOf("UTC"))).as("day"),
                Aggregation.group("day").count().as(COUNT));
        Map<LocalDate, Long> counts = aggregate(perDay).stream()
                .collect(Collectors.toMap(row -> LocalDate.parse(row.getString("_id")), WidgetDataCalculator::countOf));
        return new WidgetData.Timeseries(widget.days(), first.datesUntil(end)
                .map(day -> new WidgetData.DayCount(day, counts.getOrDefault(day, 0L))).toList());
    }

    private WidgetData.NumericStats numericStats(Widget widget) {
        String fieldId = currentField(widget).id();
        String path = answerPath(fieldId);
        // A field whose type changed keeps its older answers; only numbers can be averaged and ranked together.
        Criteria answered = ofForm(widget).and(path).type(NUMBERS);
        Aggregation summary = Aggregation.newAggregation(Aggregation.match(answered), Aggregation.group()
                .count().as(COUNT).avg(path).as("mean").min(path).as("min").max(path).as("max"));
        List<Document> rows = aggregate(summary);
        if (rows.isEmpty()) {
            return new WidgetData.NumericStats(0, null, null, null, null, null);
        }
        Document row = rows.get(0);
        long n = countOf(row);
        return new WidgetData.NumericStats(n, number(row, "mean"), number(row, "min"), number(row, "max"),
                ranked(answered, fieldId, nearestRank(50, n)), ranked(answered, fieldId, nearestRank(90, n)));
    }

    /** The answer at a 1-based rank in ascending order: the database sorts and skips, one value comes back. */
    private Double ranked(Criteria answered, String fieldId, long rank) {
        String path = answerPath(fieldId);
        Query query = Query.query(answered).with(Sort.by(Sort.Direction.ASC, path)).skip(rank - 1).limit(1);
        query.fields().include(path).exclude("_id");
        Document row = mongo.findOne(query, Document.class, FormResponse.COLLECTION);
        if (row == null) {
            // Responses are only ever removed together with their form.
            throw ApiException.notFound("form");
        }
        return row.getEmbedded(List.of("answers", fieldId), Number.class).doubleValue();
    }

    private WidgetData.ChoiceDistribution choiceDistribution(Widget widget) {
        Field field = currentField(widget);
        String path = answerPath(field.id());
        Criteria answered = ofForm(widget).and(path).exists(true);
        // Unwinding counts each option of a multiple choice once; a single choice unwinds to itself.
        Aggregation perOption = Aggregation.newAggregation(Aggregation.match(answered), Aggregation.unwind(path),
                Aggregation.group(path).count().as(COUNT));
        Map<Object, Long> counts = aggregate(perOption).stream()
                .collect(Collectors.toMap(row -> row.get("_id"), WidgetDataCalculator::countOf));
        List<WidgetData.OptionCount> options = field.options().stream()
                .map(option -> new WidgetData.OptionCount(option, counts.getOrDefault(option, 0L))).toList();
        return new WidgetData.ChoiceDistribution(field.label(), options, count(answered));
    }

    private WidgetData.Latest latest(Widget widget) {
        Query newest = Query.query(ofForm(widget)).with(FormResponse.NEWEST_FIRST).limit(LATEST_SIZE);
        return new WidgetData.Latest(mongo.find(newest, FormResponse.class).stream().map(ResponseView::of).toList());
    }

    /**
     * A widget outlives edits of its form; once its field is gone or has a type the widget cannot summarise, its
     * figures would describe something the form no longer asks.
     */
    private Field currentField(Widget widget) {
        Form form = forms.load(widget.formId()).orElseThrow(() -> ApiException.notFound("form"));
        return form.field(widget.fieldId()).filter(f -> widget.type().accepts(f.type()))
                .orElseThrow(() -> ApiException.conflict("field " + widget.fieldId() + " is no longer a "
                        + widget.type().acceptedFieldTypes() + " field of the form; replace this widget"));
    }

    private long count(Criteria criteria) {
        return mongo.count(Query.query(criteria), FormResponse.class);
    }

    private List<Document> aggregate(Aggregation aggregation) {
        return mongo.aggregate(aggregation, FormResponse.COLLECTION, Document.class).getMappedResults();
    }

    private static Criteria ofForm(Widget widget) {
        return Criteria.where(FORM_ID).is(widget.formId());
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

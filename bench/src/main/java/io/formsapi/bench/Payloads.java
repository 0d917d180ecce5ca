package io.formsapi.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.formsapi.dashboard.WidgetData;
import io.formsapi.forms.Field;
import io.formsapi.forms.FieldType;
import io.formsapi.forms.Form;
import io.formsapi.forms.FormStatus;
import io.formsapi.forms.Member;
import io.formsapi.forms.MemberRole;
import io.formsapi.responses.ResponseView;
import io.formsapi.search.SearchHit;
import io.formsapi.search.SearchResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of the values the cache holds, built from the API's own records with a fixed seed, so that every run
 * measures the same bytes.
 */
public final class Payloads {

    /** A form of 50 fields, as {@code FormLoader.load} returns it. */
    public static final String FORM_SCHEMA = "formSchema";
    /** One page of 20 ranked search results, as {@code SearchService.search} returns it. */
    public static final String SEARCH_PAGE = "searchPage";
    /** A "latest responses" widget: the 10 newest responses. */
    public static final String WIDGET_LATEST = "widgetLatest";
    /** A 30-day time series widget. */
    public static final String WIDGET_TIMESERIES = "widgetTimeseries";

    public static final List<String> ALL = List.of(FORM_SCHEMA, SEARCH_PAGE, WIDGET_LATEST, WIDGET_TIMESERIES);

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-11-20T14:32:05.123Z");
    private static final String FORM_ID = "6745f0c2a1b3c4d5e6f70812";

    private static final String[] LABELS = {
        "Your name", "Your email address", "How did you hear about us?", "When did you place your order?",
        "Order number (as printed on the receipt)", "How satisfied are you with the delivery time?",
        "How satisfied are you with the packaging?", "Was the product as described on the website?",
        "Overall, how would you rate the product quality?", "Which products did you buy?",
        "How many items were in your order?", "How much did you spend, roughly, in euros?",
        "Did you contact customer support?", "How quickly did customer support answer?",
        "How friendly was the support agent?", "Was your problem solved on the first contact?",
        "Describe the problem you had, if any", "How easy was it to find what you were looking for?",
        "How easy was the checkout?", "Which payment method did you use?",
        "Did you use a discount code?", "How fair do you find our prices?",
        "Which delivery option did you choose?", "Was the parcel delivered on the promised date?",
        "Was anything missing or damaged?", "If something was damaged, describe it",
        "Would you order from us again?", "How likely are you to recommend us to a friend or colleague?",
        "What did you like most about your experience?", "What should we improve first?",
        "Which device did you use to order?", "How fast did the website load?",
        "Did you use the mobile app?", "How would you rate the mobile app?",
        "Which features of the app do you use?", "How often do you shop with us?",
        "When did you first buy from us?", "Do you follow us on social media?",
        "Which newsletter topics interest you?", "How many newsletters per month would you like?",
        "Did you read the care instructions?", "How long have you used the product?",
        "Has the product met your expectations so far?", "How would you rate the value for money?",
        "Did you return any item?", "How easy was the return process?",
        "How long did the refund take, in days?", "Anything else you would like to tell us?",
        "May we contact you about your answers?", "Your phone number (optional)"
    };

    private static final String[] SENTENCES = {
        "The parcel arrived two days later than promised and the box was slightly crushed on one side.",
        "Customer support answered within an hour and sorted out the refund without any fuss.",
        "I could not find the size guide on the product page, so I ordered two sizes and returned one.",
        "Checkout was quick, but the discount code field only appeared after I entered my address.",
        "The jacket looks exactly like the photos and the stitching feels solid.",
        "Delivery was fast, although the courier left the package with a neighbour without telling me.",
        "The app kept logging me out whenever I switched to another tab.",
        "Prices are fair compared with other shops, especially during the winter sale.",
        "I would like an option to combine several orders into one delivery.",
        "The refund took almost three weeks, which is far too long for a simple return.",
        "Great selection of organic products, and the descriptions are honest about the ingredients.",
        "The tracking link did not work until the parcel was already out for delivery.",
        "Packaging uses far too much plastic for such a small item.",
        "The agent on the chat was friendly and knew the product well.",
        "My order was missing the charging cable, and it took two emails to get it sent.",
        "Everything went smoothly, I have nothing to complain about this time.",
        "The colour of the sofa cover is a bit darker than on my screen, but I still like it.",
        "Please add a dark mode to the app, it is hard to read at night.",
        "The cold food was still frozen on arrival, the insulated box did its job.",
        "I paid for express shipping but the parcel came with the standard service.",
        "The website is slow on my phone, product images take a long time to load.",
        "Returns are easy: print the label, drop the box at the post office, done.",
        "The instructions were only in English, a German version would help my parents.",
        "Ordered on Sunday evening, received on Tuesday morning, very impressed.",
    };

    private static final String[] SHORT_TEXTS = {
        "Friend recommended it", "Instagram ad", "Search engine", "Podcast sponsor", "Newsletter",
        "Saw it in a shop window", "Colleague at work", "Price comparison site"
    };

    private static final List<String> PAYMENT = List.of("Credit card", "PayPal", "Bank transfer", "Invoice",
            "Apple Pay", "Google Pay");
    private static final List<String> DELIVERY = List.of("Standard (3-5 days)", "Express (next day)",
            "Pick-up point", "Click and collect");
    private static final List<String> FEATURES = List.of("Wish list", "Order tracking", "Barcode scanner",
            "Push notifications", "Saved payment methods", "Store locator");
    private static final List<String> TOPICS = List.of("New arrivals", "Sales and discounts", "Sustainability",
            "Care guides", "Events near me");

    private Payloads() {
    }

    /** The JSON bytes of the named payload. */
    public static byte[] json(String name) {
        Object value = switch (name) {
            case FORM_SCHEMA -> formSchema();
            case SEARCH_PAGE -> searchPage();
            case WIDGET_LATEST -> new WidgetData.Latest(responses(new Random(3), 10));
            case WIDGET_TIMESERIES -> timeseries();
            default -> throw new IllegalArgumentException("unknown payload " + name);
        };
        return MAPPER.writeValueAsBytes(value);
    }

    static Form formSchema() {
        FieldType[] cycle = {FieldType.TEXT, FieldType.RATING, FieldType.SINGLE_CHOICE, FieldType.LONG_TEXT,
            FieldType.NUMBER, FieldType.MULTI_CHOICE, FieldType.DATE, FieldType.EMAIL};
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < LABELS.length; i++) {
            FieldType type = cycle[i % cycle.length];
            fields.add(field(i, type));
        }
        List<Member> members = List.of(new Member("6745e9a0a1b3c4d5e6f70001", MemberRole.EDITOR),
                new Member("6745e9a0a1b3c4d5e6f70002", MemberRole.VIEWER),
                new Member("6745e9a0a1b3c4d5e6f70003", MemberRole.VIEWER));
        return new Form(FORM_ID, "Customer satisfaction survey, winter 2026",
                "Tell us about your last order: delivery, product, support and returns. It takes about five "
                        + "minutes; every question but your email is optional.",
                FormStatus.PUBLISHED, 17, "6745e9a0a1b3c4d5e6f70000", members, fields,
                NOW.minus(41, ChronoUnit.DAYS), NOW.minus(3, ChronoUnit.HOURS));
    }

    /** The same form as its owner creates it: title, description and fields. */
    static Map<String, Object> formDraft() {
        Form form = formSchema();
        return Map.of("title", form.title(), "description", form.description(), "fields", form.fields());
    }

    private static Field field(int i, FieldType type) {
        String id = "q" + (i + 1);
        String label = LABELS[i];
        boolean required = i % 5 == 1;
        return switch (type) {
            case RATING -> new Field(id, label, type, required, null, i % 3 == 0 ? 10.0 : 5.0, null);
            case NUMBER -> new Field(id, label, type, required, 0.0, 10_000.0, null);
            case TEXT -> new Field(id, label, type, required, null, 200.0, null);
            case LONG_TEXT -> new Field(id, label, type, required, null, null, null);
            case SINGLE_CHOICE -> new Field(id, label, type, required, null, null, i % 2 == 0 ? PAYMENT : DELIVERY);
            case MULTI_CHOICE -> new Field(id, label, type, required, null, null, i % 2 == 0 ? FEATURES : TOPICS);
            default -> new Field(id, label, type, required, null, null, null);
        };
    }

    static SearchResult searchPage() {
        Random random = new Random(2);
        List<SearchHit> hits = new ArrayList<>();
        double score = 14.0;
        for (ResponseView response : responses(random, 20)) {
            score -= random.nextDouble() * 0.6;
            hits.add(new SearchHit(score, response));
        }
        return new SearchResult(137, 500, hits);
    }

    static WidgetData.Timeseries timeseries() {
        Random random = new Random(4);
        LocalDate today = LocalDate.of(2026, 11, 20);
        List<WidgetData.DayCount> points = new ArrayList<>();
        for (int day = 29; day >= 0; day--) {
            points.add(new WidgetData.DayCount(today.minusDays(day), 400 + random.nextInt(900)));
        }
        return new WidgetData.Timeseries(30, points);
    }

    /** Newest first, answers shaped as stored: text, Integer ratings, Double numbers, choices, ISO dates. */
    private static List<ResponseView> responses(Random random, int count) {
        List<ResponseView> responses = new ArrayList<>();
        Instant at = NOW;
        for (int i = 0; i < count; i++) {
            at = at.minusMillis(20_000 + random.nextInt(3_600_000));
            Map<String, Object> answers = new LinkedHashMap<>();
            answers.put("q1", SHORT_TEXTS[random.nextInt(SHORT_TEXTS.length)]);
            answers.put("q2", 1 + random.nextInt(10));
            answers.put("q3", PAYMENT.get(random.nextInt(PAYMENT.size())));
            answers.put("q4", sentences(random, 1 + random.nextInt(3)));
            answers.put("q5", Math.round(random.nextDouble() * 40_000) / 100.0);
            answers.put("q6", List.of(FEATURES.get(random.nextInt(3)), FEATURES.get(3 + random.nextInt(3))));
            answers.put("q7", LocalDate.of(2026, 11, 20).minusDays(random.nextInt(60)).toString());
            answers.put("q10", 1 + random.nextInt(5));
            answers.put("q12", sentences(random, 1));
            answers.put("q18", 1 + random.nextInt(5));
            responses.add(new ResponseView(hexId(random), FORM_ID, 17, at,
                    random.nextInt(3) == 0 ? null : hexId(random), answers));
        }
        return responses;
    }

    private static String sentences(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(SENTENCES[random.nextInt(SENTENCES.length)]);
        }
        return text.toString();
    }

    private static String hexId(Random random) {
        StringBuilder id = new StringBuilder("6746");
        while (id.length() < 24) {
            id.append(Character.forDigit(random.nextInt(16), 16));
        }
        return id.toString();
    }
}

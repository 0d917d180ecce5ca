package io.formsapi.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import io.formsapi.auth.AuthService;
import io.formsapi.auth.UserView;
import io.formsapi.forms.Field;
import io.formsapi.forms.FieldType;
import io.formsapi.forms.Form;
import io.formsapi.forms.FormStatus;
import io.formsapi.forms.Member;
import io.formsapi.forms.MemberRole;
import io.formsapi.responses.FormResponse;
import io.formsapi.web.ApiException;

/**
 * A realistic, reproducible dataset (fixed seed): users who share forms, 1,000 forms of four kinds, and
 * 100,000 responses (or as many as asked for) over the last 90 days. Response counts per form are skewed, as in real use, so that some
 * forms are hot.
 */
@Component
public class DemoDataLoader {

    public static final String PASSWORD = "demo-password";
    static final int USERS = 20;
    static final int FORMS = 1_000;
    public static final int DEFAULT_RESPONSES = 100_000;
    private static final long SEED = 42;
    private static final int WRITERS = 2;
    private static final int DAYS = 90;
    private static final int BATCH = 2_000;
    private static final LocalDate ANSWER_DATES_END = LocalDate.of(2026, 1, 1);
    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final AuthService auth;
    private final MongoTemplate mongo;
    private final Clock clock;

    DemoDataLoader(AuthService auth, MongoTemplate mongo, Clock clock) {
        this.auth = auth;
        this.mongo = mongo;
        this.clock = clock;
    }

    public record Summary(boolean loaded, List<String> emails, int forms, int responses, Duration took) {
        public String describe() {
            String what = loaded
                    ? "Loaded " + forms + " forms and " + responses + " responses in " + took.toMillis() + " ms."
                    : "Demo data is already present; nothing was loaded.";
            return what + "\nLog in as any of " + emails.get(0) + " .. " + emails.get(emails.size() - 1)
                    + " with password '" + PASSWORD + "', for example:\n"
                    + "  curl -s -X POST localhost:8080/api/v1/auth/login -H 'Content-Type: application/json' "
                    + "-d '{\"email\":\"" + emails.get(0) + "\",\"password\":\"" + PASSWORD + "\"}'";
        }
    }

    /** Loads the users and forms and {@code responses} responses spread over them, unless the users exist. */
    public Summary load(int responses) {
        if (responses < 0) {
            throw new IllegalArgumentException("the number of demo responses cannot be negative: " + responses);
        }
        long started = System.nanoTime();
        List<String> emails = new ArrayList<>();
        for (int i = 1; i <= USERS; i++) {
            emails.add("demo" + i + "@example.com");
        }
        List<String> userIds = new ArrayList<>();
        for (String email : emails) {
            try {
                UserView user = auth.register(new AuthService.Registration(email, nameOf(email), PASSWORD));
                userIds.add(user.id());
            } catch (ApiException alreadyThere) {
                return new Summary(false, emails, 0, 0, Duration.ZERO);
            }
        }
        SplittableRandom random = new SplittableRandom(SEED);
        int[] counts = responseCounts(random, responses);
        Instant now = clock.instant();
        List<Form> forms = new ArrayList<>();
        for (int i = 0; i < FORMS; i++) {
            forms.add(form(i, userIds, random, now));
        }
        mongo.insert(forms, Form.class);
        int written = writeResponses(forms, counts, now);
        return new Summary(true, emails, forms.size(), written, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Writers take the forms in turn, so that one builds and converts its next batch while the store inserts the
     * other's. Each form draws its responses from a random generator of its own, so the data does not depend on
     * how the writers interleave.
     */
    private int writeResponses(List<Form> forms, int[] counts, Instant now) {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<Integer>> parts = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                parts.add(writers.submit(() -> writeResponses(forms, counts, now, writer)));
            }
            int written = 0;
            for (Future<Integer> part : parts) {
                written += part.get();
            }
            return written;
        } catch (ExecutionException e) {
            throw new IllegalStateException("writing the demo responses failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the demo responses", e);
        } finally {
            writers.shutdownNow();
        }
    }

    private int writeResponses(List<Form> forms, int[] counts, Instant now, int writer) {
        int written = 0;
        List<FormResponse> batch = new ArrayList<>(BATCH);
        for (int i = writer; i < forms.size(); i += WRITERS) {
            SplittableRandom random = new SplittableRandom(SEED + 1 + i);
            for (int r = 0; r < counts[i]; r++) {
                batch.add(response(forms.get(i), random, now));
                if (batch.size() == BATCH) {
                    written += flush(batch);
                }
            }
        }
        return written + flush(batch);
    }

    private int flush(List<FormResponse> batch) {
        int size = batch.size();
        if (size > 0) {
            mongo.insert(batch, FormResponse.class);
            batch.clear();
            log.debug("Inserted a batch of {} responses", size);
        }
        return size;
    }

    /** Zipf-like weights: form i gets a share proportional to 1/(i+10), so the first forms are hot. */
    private static int[] responseCounts(SplittableRandom random, int responses) {
        double[] weights = new double[FORMS];
        double total = 0;
        for (int i = 0; i < FORMS; i++) {
            weights[i] = 1.0 / (i + 10);
            total += weights[i];
        }
        int[] counts = new int[FORMS];
        int assigned = 0;
        for (int i = 0; i < FORMS; i++) {
            counts[i] = (int) Math.floor(responses * weights[i] / total);
            assigned += counts[i];
        }
        while (assigned < responses) {
            counts[random.nextInt(FORMS)]++;
            assigned++;
        }
        return counts;
    }

    private static Form form(int index, List<String> userIds, SplittableRandom random, Instant now) {
        Template template = Template.values()[index % Template.values().length];
        String ownerId = userIds.get(index % userIds.size());
        List<Member> members = new ArrayList<>();
        members.add(new Member(userIds.get((index + 1) % userIds.size()), MemberRole.EDITOR));
        members.add(new Member(userIds.get((index + 2) % userIds.size()), MemberRole.VIEWER));
        Instant created = now.minus(Duration.ofDays(DAYS + 1 + random.nextInt(30)));
        FormStatus status = index % 10 == 9 ? FormStatus.CLOSED : FormStatus.PUBLISHED;
        return new Form(new ObjectId().toHexString(), template.title + " #" + (index + 1), template.description,
                status, 2, ownerId, members, template.fields, created, created);
    }

    private static FormResponse response(Form form, SplittableRandom random, Instant now) {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (Field field : form.fields()) {
            if (field.required() || random.nextInt(10) != 0) {
                answers.put(field.id(), answer(field, random));
            }
        }
        Instant submitted = now.minusMillis(random.nextLong(Duration.ofDays(DAYS).toMillis()));
        return FormResponse.submitted(form, submitted, null, answers);
    }

    private static Object answer(Field field, SplittableRandom random) {
        return switch (field.type()) {
            case TEXT, LONG_TEXT -> Phrases.comment(random);
            case NUMBER -> (double) Math.round(field.min() + random.nextDouble() * (field.max() - field.min()));
            case RATING -> Math.min(field.ratingScale(), 1 + (int) Math.floor(Math.sqrt(random.nextDouble())
                    * field.ratingScale()));
            case SINGLE_CHOICE -> field.options().get(random.nextInt(field.options().size()));
            case MULTI_CHOICE -> field.options().stream().filter(o -> random.nextInt(3) == 0).toList();
            case DATE -> ANSWER_DATES_END.minusDays(random.nextInt(365)).toString();
            case EMAIL -> "respondent" + random.nextInt(100_000) + "@example.org";
        };
    }

    private static String nameOf(String email) {
        return "Demo User " + email.substring(4, email.indexOf('@'));
    }

    private static Field field(String id, String label, FieldType type, boolean required, Double min, Double max,
            List<String> options) {
        return new Field(id, label, type, required, min, max, options);
    }

    private enum Template {
        FEEDBACK("Customer feedback", "How did we do?", List.of(
                field("rating", "Rating", FieldType.RATING, true, 1.0, 5.0, null),
                field("comment", "Comment", FieldType.LONG_TEXT, false, null, null, null),
                field("channel", "Channel", FieldType.SINGLE_CHOICE, true, null, null,
                        List.of("Web", "Phone", "Store", "Email")),
                field("recommend", "Recommend", FieldType.NUMBER, false, 0.0, 10.0, null),
                field("contact", "Contact", FieldType.EMAIL, false, null, null, null))),
        EVENT("Event registration", "Save your seat", List.of(
                field("name", "Name", FieldType.TEXT, true, null, null, null),
                field("age", "Age", FieldType.NUMBER, true, 18.0, 80.0, null),
                field("sessions", "Sessions", FieldType.MULTI_CHOICE, false, null, null,
                        List.of("Keynote", "Workshop", "Panel", "Networking")),
                field("diet", "Diet", FieldType.SINGLE_CHOICE, false, null, null,
                        List.of("None", "Vegetarian", "Vegan", "Gluten free")),
                field("arrival", "Arrival", FieldType.DATE, false, null, null, null),
                field("notes", "Notes", FieldType.LONG_TEXT, false, null, null, null))),
        PRODUCT("Product survey", "Tell us about the product", List.of(
                field("score", "Score", FieldType.RATING, true, 1.0, 10.0, null),
                field("color", "Color", FieldType.SINGLE_CHOICE, true, null, null,
                        List.of("Red", "Blue", "Green", "Black")),
                field("features", "Features", FieldType.MULTI_CHOICE, false, null, null,
                        List.of("Battery", "Screen", "Camera", "Price")),
                field("price", "Price paid", FieldType.NUMBER, false, 10.0, 500.0, null),
                field("review", "Review", FieldType.LONG_TEXT, false, null, null, null))),
        PULSE("Team pulse", "A two-minute check-in", List.of(
                field("mood", "Mood", FieldType.RATING, true, 1.0, 5.0, null),
                field("workload", "Workload", FieldType.NUMBER, true, 0.0, 60.0, null),
                field("team", "Team", FieldType.SINGLE_CHOICE, true, null, null,
                        List.of("Platform", "Mobile", "Data", "Support")),
                field("blockers", "Blockers", FieldType.TEXT, false, null, null, null)));

        private final String title;
        private final String description;
        private final List<Field> fields;

        Template(String title, String description, List<Field> fields) {
            this.title = title;
            this.description = description;
            this.fields = fields;
        }
    }
}

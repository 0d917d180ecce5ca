package io.formsapi.cache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.TestPropertySource;

import io.formsapi.cache.CacheKeys;
import io.formsapi.cache.CacheEngine;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/** The response cache over real HTTP, with the application's embedded redis-server. */
// The mechanics of invalidation: strict answers, so that an invalidated answer is never served (bounded freshness
// is tested in BoundedFreshnessApiTest).
@TestPropertySource(properties = {"forms.cache.responses.enabled=true", "test.response-cache-probe=true",
        "forms.cache.types.[api_response].freshness=strict", "forms.cache.types.[query_result].freshness=strict"})
class ResponseCacheTest extends IntegrationTest {

    /** Random letters compress to about 5 bits each: this stays above the 256 KiB ceiling once compressed. */
    private static final int ABOVE_ENTRY_CEILING = 512 * 1024;

    private static final List<Map<String, Object>> FIELDS = List.of(
            field("name", "Name", "text"),
            field("rating", "Rating", "rating"));
    private static final String PROBE = "/api/test/response-cache/";

    @Autowired
    private CacheEngine cache;
    @Autowired
    private CacheKeys keys;
    @Autowired
    private RedisTemplate<byte[], byte[]> redis;

    private TestUser owner;
    private String formId;

    @BeforeEach
    void form() {
        owner = newUser("Owner");
        formId = createPublishedForm(owner, "Cached", FIELDS);
        submit(formId, null, Map.of("name", "Ada", "rating", 4));
        ResponseCacheProbe.databaseDown = false;
    }

    @AfterEach
    void probeUp() {
        ResponseCacheProbe.databaseDown = false;
    }

    private String formPath() {
        return "/api/v1/forms/" + formId;
    }

    @Test
    void aRepeatedGetIsAHitWithTheSameAnswerAndTheHandlerDoesNotRun() {
        Reply first = api.get(formPath(), owner.token());
        Reply second = api.get(formPath(), owner.token());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.header("X-Cache")).isEqualTo("MISS");
        assertThat(second.header("X-Cache")).isEqualTo("HIT");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.raw()).isEqualTo(first.raw());
        assertThat(second.contentType()).isEqualTo(first.contentType()).contains("application/json");
        assertThat(second.header("Content-Length")).isEqualTo(String.valueOf(first.raw().getBytes(
                StandardCharsets.UTF_8).length));
        assertThat(second.at("/role").asString()).isEqualTo("owner");

        int before = ResponseCacheProbe.CALLS.get();
        Reply probed = api.get(PROBE + "counted", null);
        Reply again = api.get(PROBE + "counted", null);
        assertThat(List.of(probed.header("X-Cache"), again.header("X-Cache"))).containsExactly("MISS", "HIT");
        assertThat(again.at("/call").asInt()).isEqualTo(probed.at("/call").asInt());
        assertThat(ResponseCacheProbe.CALLS.get()).as("the hit never reached the handler").isEqualTo(before + 1);
    }

    @Test
    void concurrentIdenticalRequestsRunTheHandlerOnce() throws Exception {
        int before = ResponseCacheProbe.CALLS.get();
        List<Callable<Reply>> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            requests.add(() -> api.get(PROBE + "flight?sleepMs=300", null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> reply : pool.invokeAll(requests, 30, TimeUnit.SECONDS)) {
                replies.add(reply.get());
            }
            assertThat(replies).extracting(Reply::status).containsOnly(200);
            assertThat(replies).extracting(Reply::raw).containsOnly(replies.get(0).raw());
            assertThat(replies).extracting(r -> r.header("X-Cache")).isSubsetOf("MISS", "HIT");
        } finally {
            pool.shutdownNow();
        }
        assertThat(ResponseCacheProbe.CALLS.get()).as("one handler run for all of them").isEqualTo(before + 1);
    }

    @Test
    void callersNeverSeeEachOthersEntries() {
        TestUser viewer = newUser("Viewer");
        TestUser stranger = newUser("Stranger");
        share(owner, formId, viewer, "viewer");

        assertThat(api.get(formPath(), owner.token()).header("X-Cache")).isEqualTo("MISS");
        Reply ownersHit = api.get(formPath(), owner.token());
        assertThat(ownersHit.header("X-Cache")).isEqualTo("HIT");

        Reply viewers = api.get(formPath(), viewer.token());
        assertThat(viewers.header("X-Cache")).as("another caller's entry is never served").isEqualTo("MISS");
        assertThat(viewers.at("/role").asString()).isEqualTo("viewer");
        Reply viewersHit = api.get(formPath(), viewer.token());
        assertThat(viewersHit.header("X-Cache")).isEqualTo("HIT");
        assertThat(viewersHit.at("/role").asString()).isEqualTo("viewer");
        assertThat(api.get(formPath(), owner.token()).at("/role").asString()).isEqualTo("owner");

        for (int i = 0; i < 2; i++) {
            Reply strangers = api.get(formPath(), stranger.token());
            assertThat(strangers.status()).isEqualTo(404);
            assertThat(strangers.header("X-Cache")).isEqualTo("MISS");
            Reply anonymous = api.get(formPath(), null);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("X-Cache")).isEqualTo("MISS");
            Reply strangersResponses = api.get(formPath() + "/responses", stranger.token());
            assertThat(strangersResponses.status()).isEqualTo(404);
            assertThat(strangersResponses.header("X-Cache")).as("not admitted to the readers' entry")
                    .isEqualTo("BYPASS");
        }
    }

    @Test
    void oneResponseListAndSearchServeEveryReaderOfTheFormAndNobodyElse() {
        TestUser editor = newUser("Editor");
        TestUser viewer = newUser("Viewer");
        TestUser stranger = newUser("Stranger");
        share(owner, formId, editor, "editor");
        share(owner, formId, viewer, "viewer");
        submit(formId, null, Map.of("name", "the shared entry", "rating", 3));
        for (String path : List.of(formPath() + "/responses?size=10", formPath() + "/search?q=shared")) {
            Reply owners = api.get(path, owner.token());
            assertThat(owners.status()).as(owners.toString()).isEqualTo(200);
            assertThat(owners.header("X-Cache")).isEqualTo("MISS");
            for (TestUser reader : List.of(editor, viewer)) {
                Reply readers = api.get(path, reader.token());
                assertThat(readers.header("X-Cache")).as("the owner's load serves " + reader.email())
                        .isEqualTo("HIT");
                assertThat(readers.raw()).isEqualTo(owners.raw());
            }
            Reply strangers = api.get(path, stranger.token());
            assertThat(strangers.status()).as("a stranger is refused, the entry notwithstanding").isEqualTo(404);
            assertThat(strangers.header("X-Cache")).isEqualTo("BYPASS");
            assertThat(strangers.raw()).doesNotContain("the shared entry");
            Reply anonymous = api.get(path, null);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("X-Cache")).isEqualTo("BYPASS");
            Reply badToken = api.get(path, "not-a-token");
            assertThat(badToken.status()).isEqualTo(401);
            assertThat(badToken.raw()).doesNotContain("the shared entry");
        }

        Reply removed = api.delete(formPath() + "/members/" + viewer.id(), owner.token());
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        for (String path : List.of(formPath() + "/responses?size=10", formPath() + "/search?q=shared")) {
            Reply former = api.get(path, viewer.token());
            assertThat(former.status()).as("a removed member is refused at once: " + path).isEqualTo(404);
            assertThat(former.header("X-Cache")).isEqualTo("BYPASS");
            assertThat(api.get(path, editor.token()).status()).isEqualTo(200);
        }
    }

    @Test
    void thePublicFormIsOneEntryForEveryCaller() {
        TestUser stranger = newUser("Respondent");
        Reply anonymous = api.get(formPath() + "/public", null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.header("X-Cache")).isEqualTo("MISS");
        Reply signedIn = api.get(formPath() + "/public", stranger.token());
        assertThat(signedIn.header("X-Cache")).isEqualTo("HIT");
        assertThat(signedIn.raw()).isEqualTo(anonymous.raw());
        Reply badToken = api.get(formPath() + "/public", "not-a-token");
        assertThat(badToken.status()).as("the public form does not authenticate").isEqualTo(200);
        assertThat(badToken.header("X-Cache")).isEqualTo("HIT");
        assertThat(anonymous.raw()).doesNotContain(owner.id());
    }

    @Test
    void anEtagAnswersIfNoneMatchWithNotModified() {
        Reply miss = api.get(formPath() + "/responses", owner.token());
        String etag = miss.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        Reply hit = api.get(formPath() + "/responses", owner.token());
        assertThat(hit.header("ETag")).isEqualTo(etag);

        Reply notModified = api.get(formPath() + "/responses", owner.token(), Map.of("If-None-Match", etag));
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.raw()).isEmpty();
        assertThat(notModified.header("ETag")).isEqualTo(etag);
        assertThat(notModified.header("X-Cache")).isEqualTo("HIT");
        assertThat(api.get(formPath() + "/responses", owner.token(), Map.of("If-None-Match", "\"other\", W/" + etag))
                .status()).isEqualTo(304);
        Reply changed = api.get(formPath() + "/responses", owner.token(), Map.of("If-None-Match", "\"other\""));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.raw()).isEqualTo(miss.raw());

        // Not modified on a miss too, and a new answer has a new tag.
        cache.invalidateTags("responses:" + formId);
        Reply reloaded = api.get(formPath() + "/responses", owner.token(), Map.of("If-None-Match", etag));
        assertThat(reloaded.status()).isEqualTo(304);
        assertThat(reloaded.header("X-Cache")).isEqualTo("MISS");
        submit(formId, null, Map.of("name", "Bo", "rating", 2));
        cache.invalidateTags("responses:" + formId);
        Reply fresh = api.get(formPath() + "/responses", owner.token(), Map.of("If-None-Match", etag));
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("ETag")).isNotEqualTo(etag);
        assertThat(fresh.at("/total").asLong()).isEqualTo(2);
    }

    @Test
    void errorsAreNeverStored() {
        TestUser stranger = newUser("Stranger");
        String unknownForm = "/api/v1/forms/0123456789abcdef01234567";
        Set<String> before = responseKeys();
        for (int i = 0; i < 2; i++) {
            Reply missing = api.get(unknownForm, owner.token());
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.header("X-Cache")).isEqualTo("MISS");
            assertThat(missing.header("ETag")).isNull();

            Reply tooLarge = api.get(formPath() + "/responses?size=1000", owner.token());
            assertThat(tooLarge.status()).isEqualTo(400);
            assertThat(tooLarge.header("X-Cache")).isEqualTo("MISS");

            Reply noQuery = api.get(formPath() + "/search", owner.token());
            assertThat(noQuery.status()).isEqualTo(400);
            assertThat(noQuery.header("X-Cache")).isEqualTo("MISS");

            Reply forbidden = api.get(formPath() + "/responses", stranger.token());
            assertThat(forbidden.status()).isEqualTo(404);
            assertThat(forbidden.header("X-Cache")).as("not admitted: the handler answers").isEqualTo("BYPASS");

            Reply badToken = api.get(formPath(), owner.id() + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            assertThat(badToken.status()).isEqualTo(401);
            assertThat(badToken.header("X-Cache")).as("an invalid token bypasses the cache").isEqualTo("BYPASS");

            Reply wrongScheme = api.get(formPath(), null, Map.of("Authorization", "Basic b3duZXI6cHc="));
            assertThat(wrongScheme.status()).isEqualTo(401);
            assertThat(wrongScheme.header("X-Cache")).isEqualTo("BYPASS");

            Reply unsafeId = api.get("/api/v1/forms/bad*id:x", owner.token());
            assertThat(unsafeId.status()).isEqualTo(404);
            assertThat(unsafeId.header("X-Cache")).as("an id that is no safe key part bypasses").isEqualTo("BYPASS");

            Reply huge = api.get(PROBE + "huge?filler=" + ABOVE_ENTRY_CEILING, null);
            assertThat(huge.status()).isEqualTo(200);
            assertThat(huge.header("X-Cache")).as("too large to store").isEqualTo("MISS");
            assertThat(huge.raw().length()).isGreaterThan(ABOVE_ENTRY_CEILING);
        }
        // Compared as keys added: entries of earlier tests (3 s probes) may expire meanwhile.
        assertThat(added(before)).isEmpty();

        // The same requests succeed once valid, and only then are stored.
        assertThat(api.get(formPath() + "/responses?size=10", owner.token()).header("X-Cache")).isEqualTo("MISS");
        assertThat(added(before)).hasSize(1);
        assertThat(api.get(formPath() + "/responses?size=10", owner.token()).header("X-Cache")).isEqualTo("HIT");
    }

    @Test
    void headIsAnsweredLikeGetWithoutABody() {
        Reply head = api.head(formPath(), owner.token());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.raw()).isEmpty();
        assertThat(head.header("X-Cache")).isEqualTo("MISS");
        Reply get = api.get(formPath(), owner.token());
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.header("Content-Length"))
                .isEqualTo(String.valueOf(get.raw().getBytes(StandardCharsets.UTF_8).length));
        Reply headAgain = api.head(formPath(), owner.token());
        assertThat(headAgain.header("X-Cache")).isEqualTo("HIT");
        assertThat(headAgain.raw()).isEmpty();
        assertThat(headAgain.header("Content-Length")).isEqualTo(head.header("Content-Length"));
        assertThat(headAgain.header("Content-Type")).contains("application/json");
        assertThat(api.head(formPath() + "/missing-thing", owner.token()).header("X-Cache")).isNull();
    }

    @Test
    void everyPartOfTheKeySeparatesEntries() {
        String path = formPath() + "/responses";
        Map<String, String> json = Map.of("Accept", "application/json");
        assertThat(api.get(path, owner.token(), json).header("X-Cache")).isEqualTo("MISS");
        assertThat(api.get(path, owner.token(), json).header("X-Cache")).isEqualTo("HIT");
        assertThat(api.get(path, owner.token(), Map.of("Accept", "*/*")).header("X-Cache")).isEqualTo("MISS");
        assertThat(api.get(path, owner.token(), Map.of("Accept", "application/json", "Accept-Encoding", "gzip"))
                .header("X-Cache")).isEqualTo("MISS");
        assertThat(api.get(path, owner.token(), json).header("X-Cache")).isEqualTo("HIT");

        assertThat(api.get(path + "?page=0&size=5", owner.token()).header("X-Cache")).isEqualTo("MISS");
        assertThat(api.get(path + "?size=5&page=0", owner.token()).header("X-Cache"))
                .as("query parameters are sorted").isEqualTo("HIT");
        Reply six = api.get(path + "?size=6&page=0", owner.token());
        assertThat(six.header("X-Cache")).isEqualTo("MISS");
        assertThat(six.at("/size").asInt()).isEqualTo(6);

        assertThat(api.get(PROBE + "k", null, Map.of("X-Tenant", "a")).header("X-Cache")).isEqualTo("MISS");
        Reply otherTenant = api.get(PROBE + "k", null, Map.of("X-Tenant", "b"));
        assertThat(otherTenant.header("X-Cache")).as("a header named in key() is part of it").isEqualTo("MISS");
        assertThat(otherTenant.at("/tenant").asString()).isEqualTo("b");
        assertThat(api.get(PROBE + "k", null, Map.of("X-Tenant", "a")).at("/tenant").asString()).isEqualTo("a");
        assertThat(api.get(PROBE + "k", null, Map.of("X-Tenant", "a")).header("X-Cache")).isEqualTo("HIT");
        assertThat(api.get(PROBE + "k", owner.token(), Map.of("X-Tenant", "a")).header("X-Cache"))
                .as("a signed-in caller is not the anonymous one").isEqualTo("MISS");
    }

    @Test
    void invalidatingATagMakesTheNextRequestMissWithFreshData() {
        TestUser viewer = newUser("Viewer");
        share(owner, formId, viewer, "viewer");
        String path = formPath() + "/responses";
        String search = formPath() + "/search?q=rating%20at%20least%203";
        for (TestUser user : List.of(owner, viewer)) {
            api.get(path, user.token());
            assertThat(api.get(path, user.token()).header("X-Cache")).isEqualTo("HIT");
        }
        Reply searched = api.get(search, owner.token());
        assertThat(searched.at("/total").asLong()).isEqualTo(1);
        assertThat(api.get(search, owner.token()).header("X-Cache")).isEqualTo("HIT");

        submit(formId, null, Map.of("name", "Cy", "rating", 5));
        cache.invalidateTags("responses:" + formId);
        Reply fresh = api.get(path, owner.token());
        assertThat(fresh.header("X-Cache")).isEqualTo("MISS");
        assertThat(fresh.at("/total").asLong()).isEqualTo(2);
        assertThat(api.get(path, viewer.token()).at("/total").asLong()).isEqualTo(2);
        Reply freshSearch = api.get(search, owner.token());
        assertThat(freshSearch.header("X-Cache")).isEqualTo("MISS");
        assertThat(freshSearch.at("/total").asLong()).isEqualTo(2);

        // A user's tag reaches only that user's own entries, not the one all readers of the responses share.
        for (TestUser user : List.of(owner, viewer)) {
            api.get(formPath(), user.token());
            assertThat(api.get(formPath(), user.token()).header("X-Cache")).isEqualTo("HIT");
        }
        cache.invalidateTags("user:" + viewer.id());
        assertThat(api.get(formPath(), viewer.token()).header("X-Cache")).isEqualTo("MISS");
        assertThat(api.get(formPath(), owner.token()).header("X-Cache")).isEqualTo("HIT");
        assertThat(api.get(path, viewer.token()).header("X-Cache")).isEqualTo("HIT");

        // The form's tag reaches every endpoint about it, the public one included.
        api.get(formPath() + "/public", null);
        assertThat(api.get(formPath() + "/public", null).header("X-Cache")).isEqualTo("HIT");
        Reply closed = api.post(formPath() + "/close", owner.token(), null);
        assertThat(closed.status()).isEqualTo(200);
        cache.invalidateTags("form:" + formId);
        Reply gone = api.get(formPath() + "/public", null);
        assertThat(gone.status()).as("a closed form is no longer public").isEqualTo(404);
        assertThat(gone.header("X-Cache")).isEqualTo("MISS");
        assertThat(api.get(path, owner.token()).header("X-Cache")).isEqualTo("MISS");
        assertThat(api.get(formPath(), owner.token()).at("/status").asString()).isEqualTo("closed");
    }

    @Test
    void onlyAnnotatedEndpointsCarryXCache() {
        Reply list = api.get("/api/v1/forms", owner.token());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("X-Cache")).isNull();
        assertThat(list.header("ETag")).isNull();
        assertThat(api.get("/api/v1/users/me", owner.token()).header("X-Cache")).isNull();
        Reply posted = api.post(formPath() + "/responses", null, Map.of("answers", Map.of("name", "Di")));
        assertThat(posted.status()).isEqualTo(201);
        assertThat(posted.header("X-Cache")).isNull();
        assertThat(api.get("/api/v1/nothing-here", owner.token()).header("X-Cache")).isNull();

        // Another method on an annotated handler passes through, marked BYPASS, and stores nothing.
        Set<String> before = responseKeys();
        Reply post = api.post(PROBE + "posted", null, null);
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.header("X-Cache")).isEqualTo("BYPASS");
        assertThat(post.header("ETag")).isNull();
        assertThat(added(before)).isEmpty();
        assertThat(api.get(PROBE + "posted", null).header("X-Cache")).isEqualTo("MISS");
    }

    @Test
    void anEndpointsOwnTtlIsUsed() {
        Set<String> before = responseKeys();
        api.get(PROBE + "ttl", null);
        Set<String> added = new HashSet<>(responseKeys());
        added.removeAll(before);
        assertThat(added).hasSize(1);
        long ttl = inRedis((RedisCallback<Long>) c -> c.keyCommands().pTtl(bytes(added.iterator().next())));
        assertThat(ttl).as("@CachedResponse(ttl = \"3s\")").isBetween(1L, 3_000L);

        Set<String> beforeForm = responseKeys();
        api.get(formPath(), owner.token());
        Set<String> formKeys = new HashSet<>(responseKeys());
        formKeys.removeAll(beforeForm);
        long formTtl = inRedis((RedisCallback<Long>) c -> c.keyCommands().pTtl(bytes(formKeys.iterator()
                .next())));
        assertThat(formTtl).as("the api_response type's TTL, 300 s by default").isBetween(290_000L, 300_000L);
    }

    @Test
    void aDatabaseFailureIsAnsweredWithTheLastStoredSharedResponse() {
        String shared = PROBE + "shared/stale";
        Reply stored = api.get(shared, null);
        assertThat(stored.header("X-Cache")).isEqualTo("MISS");
        api.get(PROBE + "stale", owner.token());
        cache.invalidateTags("probe:stale");
        ResponseCacheProbe.databaseDown = true;
        try {
            Reply stale = api.get(shared, owner.token());
            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.header("X-Cache")).isEqualTo("STALE");
            assertThat(stale.raw()).isEqualTo(stored.raw());
            assertThat(stale.header("ETag")).isEqualTo(stored.header("ETag"));
            assertThat(api.get(shared, null, Map.of("If-None-Match", stored.header("ETag"))).status())
                    .isEqualTo(304);

            // A per-caller answer is never served stale, even though one is stored for this caller.
            Reply perCaller = api.get(PROBE + "stale", owner.token());
            assertThat(perCaller.status()).isEqualTo(503);
            assertThat(perCaller.at("/type").asString()).endsWith("database-unavailable");
            assertThat(perCaller.header("X-Cache")).isEqualTo("MISS");
        } finally {
            ResponseCacheProbe.databaseDown = false;
        }
        Reply recovered = api.get(shared, null);
        assertThat(recovered.header("X-Cache")).isEqualTo("MISS");
        assertThat(recovered.at("/call").asInt()).isGreaterThan(stored.at("/call").asInt());
    }

    @Test
    void anEntryUnderAnotherRequestsKeyIsNeverServed() {
        String path = formPath() + "/responses";
        Set<String> before = responseKeys();
        Reply one = api.get(path + "?size=1", owner.token());
        Set<String> afterOne = responseKeys();
        Reply two = api.get(path + "?size=2", owner.token());
        Set<String> afterTwo = new HashSet<>(responseKeys());
        afterTwo.removeAll(afterOne);
        afterOne.removeAll(before);
        assertThat(afterOne).hasSize(1);
        assertThat(afterTwo).hasSize(1);
        byte[] entryOfOne = inRedis((RedisCallback<byte[]>) c -> c.stringCommands()
                .get(bytes(afterOne.iterator().next())));
        // As if both requests' keys had collided: same tags, same versions, another request's answer.
        inRedis((RedisCallback<Boolean>) c -> c.stringCommands().set(bytes(afterTwo.iterator().next()),
                entryOfOne));
        Reply collided = api.get(path + "?size=2", owner.token());
        assertThat(collided.status()).isEqualTo(200);
        assertThat(collided.header("X-Cache")).isEqualTo("BYPASS");
        assertThat(collided.at("/size").asInt()).isEqualTo(2);
        assertThat(collided.raw()).isEqualTo(two.raw()).isNotEqualTo(one.raw());
    }

    @Test
    void theBodySizeLimitRunsFirst() {
        Reply tooLarge = api.send("GET", formPath(), owner.token(), "x".repeat(1_100_000));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.header("X-Cache")).isNull();
    }

    private Set<String> added(Set<String> before) {
        Set<String> now = responseKeys();
        now.removeAll(before);
        return now;
    }

    /** Runs a command on Redis once the answers this instance writes behind its responses have landed. */
    private <T> T inRedis(RedisCallback<T> command) {
        assertThat(cache.awaitWrites(Duration.ofSeconds(10))).as("writes behind landed").isTrue();
        return redis.execute(command);
    }

    private Set<String> responseKeys() {
        String pattern = keys.prefixPattern("api", "response");
        return inRedis((RedisCallback<Set<String>>) c -> {
            Set<String> found = new HashSet<>();
            try (var cursor = c.keyCommands().scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
                cursor.forEachRemaining(key -> found.add(new String(key, StandardCharsets.UTF_8)));
            }
            return found;
        });
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}

package io.formsapi.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.formsapi.cache.CacheEngine;
import io.formsapi.support.ApiClient;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile input against every endpoint: malformed, oversized and wrongly typed bodies, control characters and
 * lone surrogates, glob and overlong ids, forged, foreign and revoked tokens, unknown and repeated parameters.
 * Whatever is sent, the answer is never a 5xx, every error is problem+json, no stack trace reaches the body or
 * the log, and every key left in Redis expires. An anonymous flood leaves Redis small.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputApiTest extends IntegrationTest {

    private static final String ADMIN = "hostile-admin-" + UUID.randomUUID() + "@example.com";
    private static final String ADMIN_PASSWORD = "hostile-admin-password";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private static final long FLOOD_BYTES = 50L * 1024 * 1024;
    private static final String PAD = "p".repeat(7000);
    /** Above the 1 MB body limit: refused before it is read. */
    private static final byte[] OVERSIZED_SUBMISSION = bytes("{\"answers\":{\"q\":\"" + "x".repeat(1_200_000)
            + "\"}}");
    /** Just under the limit: read and parsed before the unknown form is noticed. */
    private static final byte[] LARGE_SUBMISSION = bytes("{\"answers\":{\"q\":\"" + "y".repeat(1_000_000)
            + "\"}}");

    @DynamicPropertySource
    static void admin(DynamicPropertyRegistry registry) {
        registry.add("forms.auth.admin.email", () -> ADMIN);
        registry.add("forms.auth.admin.password", () -> ADMIN_PASSWORD);
    }

    @Autowired
    private RedisTemplate<byte[], byte[]> redisTemplate;
    @Autowired
    private CacheEngine cache;

    /** Ids, tokens and paths the cases name by placeholder; created once against the running app. */
    private static Fixture fixture;
    /** Keys already reported without a TTL, so that each is blamed on the case that left it, not on every later one. */
    private static final Set<String> REPORTED_WITHOUT_TTL = ConcurrentHashMap.newKeySet();

    private record Fixture(Map<Token, String> tokens, Map<String, String> ids, String spareEmail) {
    }

    enum Token {
        NONE, OWNER, FOREIGN, ADMIN, SPARE, REVOKED, FORGED, WRONG_SCHEME, BARE_SCHEME, EMPTY_BEARER, MALFORMED_BEARER
    }

    /** One hostile request; placeholders such as {form} in the path and body are filled from the fixture. */
    record Case(String name, String method, String path, Map<String, String> headers, byte[] body, Token tokenKind) {
        @Override
        public String toString() {
            return name;
        }
    }

    private record Endpoint(String method, String path, String validBody, Token self) {
        boolean hasBody() {
            return validBody != null;
        }

        String label() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/v1/auth/register",
                    "{\"email\":\"hostile-{uniq}@example.com\",\"name\":\"Hostile\",\"password\":\"correct-horse\"}",
                    Token.NONE),
            new Endpoint("POST", "/api/v1/auth/login",
                    "{\"email\":\"nobody-{uniq}@example.com\",\"password\":\"wrong-password\"}", Token.NONE),
            new Endpoint("POST", "/api/v1/auth/logout", null, Token.SPARE),
            new Endpoint("GET", "/api/v1/users/me", null, Token.OWNER),
            new Endpoint("POST", "/api/v1/forms",
                    "{\"title\":\"Hostile\",\"fields\":[{\"id\":\"q\",\"label\":\"Q\",\"type\":\"text\"}]}",
                    Token.OWNER),
            new Endpoint("GET", "/api/v1/forms", null, Token.OWNER),
            new Endpoint("GET", "/api/v1/forms/{form}", null, Token.OWNER),
            new Endpoint("PUT", "/api/v1/forms/{form}", "{\"title\":\"Renamed\",\"description\":\"d\"}", Token.OWNER),
            new Endpoint("DELETE", "/api/v1/forms/{victim}", null, Token.OWNER),
            new Endpoint("GET", "/api/v1/forms/{pub}/public", null, Token.NONE),
            new Endpoint("POST", "/api/v1/forms/{form}/publish", null, Token.OWNER),
            new Endpoint("POST", "/api/v1/forms/{form}/close", null, Token.OWNER),
            new Endpoint("PUT", "/api/v1/forms/{form}/members/{user}", "{\"role\":\"viewer\"}", Token.OWNER),
            new Endpoint("DELETE", "/api/v1/forms/{form}/members/{user}", null, Token.OWNER),
            new Endpoint("POST", "/api/v1/forms/{pub}/responses", "{\"answers\":{\"q\":\"hello\",\"n\":3}}",
                    Token.NONE),
            new Endpoint("GET", "/api/v1/forms/{pub}/responses", null, Token.OWNER),
            new Endpoint("GET", "/api/v1/forms/{pub}/search?q=hello", null, Token.OWNER),
            new Endpoint("POST", "/api/v1/dashboard/widgets", "{\"formId\":\"{pub}\",\"type\":\"timeseries\","
                    + "\"title\":\"Per day\",\"days\":7}", Token.OWNER),
            new Endpoint("GET", "/api/v1/dashboard/widgets", null, Token.OWNER),
            new Endpoint("GET", "/api/v1/dashboard/widgets/{widget}", null, Token.OWNER),
            new Endpoint("DELETE", "/api/v1/dashboard/widgets/{victimWidget}", null, Token.OWNER),
            new Endpoint("GET", "/api/v1/admin/cache/stats", null, Token.ADMIN),
            new Endpoint("POST", "/api/v1/admin/cache/invalidate/forms/{form}", null, Token.ADMIN),
            new Endpoint("POST", "/api/v1/admin/cache/invalidate/users/{user}", null, Token.ADMIN),
            new Endpoint("POST", "/api/v1/admin/cache/invalidate/pattern", "{\"pattern\":\"nothing-here-*\"}",
                    Token.ADMIN),
            new Endpoint("POST", "/api/v1/admin/cache/flush", null, Token.ADMIN),
            new Endpoint("POST", "/api/v1/admin/cache/warmup", null, Token.ADMIN),
            new Endpoint("PUT", "/api/v1/admin/users/{user}/roles/admin", null, Token.ADMIN),
            new Endpoint("DELETE", "/api/v1/admin/users/{user}/roles/admin", null, Token.ADMIN),
            new Endpoint("GET", "/api/v1/health/cache", null, Token.NONE));

    private static final List<Token> STRANGERS = List.of(Token.NONE, Token.FORGED, Token.WRONG_SCHEME,
            Token.BARE_SCHEME, Token.EMPTY_BEARER, Token.MALFORMED_BEARER, Token.REVOKED);

    /** Path segments that name nothing; '?', '[' and ']' travel percent-encoded, as java.net.http refuses them raw. */
    private static final Map<String, String> HOSTILE_IDS = orderedMap(
            "star", "*",
            "question", "%3F",
            "raw-question", "?",
            "bracket", "%5B",
            "200-chars", "a".repeat(200),
            "200-hex", "0123456789abcdef".repeat(13).substring(0, 200),
            "128-safe", "A1_-".repeat(32),
            "unknown-object-id", "0123456789abcdef01234567",
            "nul", "%00",
            "encoded-slash", "%2F",
            "encoded-backslash", "%5C",
            "utf8", "%C3%A9t%C3%A9",
            "invalid-utf8", "%FF%FE",
            "dot-dot", "..",
            "jndi", "%24%7Bjndi:ldap:x%7D");

    private static final Map<String, String> HOSTILE_QUERIES = orderedMap(
            "unknown-parameter", "junk=1",
            "hex-size", "size=0x10",
            "repeated-size", "size=1&size=2",
            "negative-page", "page=-1",
            "huge-size", "size=99999999999999999999",
            "text-size", "size=ten",
            "array-parameter", "page%5B%5D=1",
            "utf8-parameter-name", "%C3%A9=1",
            "nul-value", "page=%00");

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            tokenCases(endpoint, cases);
            if (endpoint.hasBody()) {
                bodyCases(endpoint, cases);
            }
            if (endpoint.path().contains("{")) {
                idCases(endpoint, cases);
            }
            if (endpoint.method().equals("GET")) {
                queryCases(endpoint, cases);
            }
            cases.add(new Case(endpoint.label() + " PATCH", "PATCH", endpoint.path(), Map.of(),
                    null, endpoint.self()));
        }
        searchCases(cases);
        System.out.println("HOSTILE-CASES: " + cases.size());
        return cases.stream();
    }

    private static void tokenCases(Endpoint endpoint, List<Case> cases) {
        List<Token> tokens = new ArrayList<>(STRANGERS);
        if (endpoint.self() != Token.NONE) {
            tokens.add(endpoint.self());
        }
        if (endpoint.self() != Token.SPARE) {
            tokens.add(Token.FOREIGN);
        }
        if (endpoint.self() == Token.ADMIN) {
            tokens.add(Token.OWNER);
        }
        for (Token token : tokens) {
            cases.add(new Case(endpoint.label() + " as " + token, endpoint.method(), endpoint.path(), json(),
                    bytes(endpoint.validBody()), token));
        }
    }

    private static void bodyCases(Endpoint endpoint, List<Case> cases) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("truncated JSON", bytes("{\"title\":"));
        bodies.put("not JSON", bytes("not json at all"));
        bodies.put("trailing garbage", bytes(endpoint.validBody() + "}}"));
        bodies.put("array", bytes("[]"));
        bodies.put("null", bytes("null"));
        bodies.put("empty", new byte[0]);
        bodies.put("empty object", bytes("{}"));
        bodies.put("unknown property", bytes("{\"unknown\":1}"));
        bodies.put("deep nesting", bytes("[".repeat(5000) + "]".repeat(5000)));
        bodies.put("huge number", bytes("{\"title\":1e999999,\"days\":1e999999}"));
        bodies.put("oversized (1.2 MB)", bytes("{\"title\":\"" + "x".repeat(1_200_000) + "\"}"));
        bodies.put("invalid UTF-8", new byte[] {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, '(',
            (byte) 0xFF, '"', '}'});
        bodies.put("number for string", bytes(replaceStrings(endpoint.validBody(), "12345")));
        bodies.put("boolean for string", bytes(replaceStrings(endpoint.validBody(), "true")));
        bodies.put("object for string", bytes(replaceStrings(endpoint.validBody(), "{\"$gt\":\"\"}")));
        bodies.put("NUL in strings", bytes(replaceStrings(endpoint.validBody(), "\"nul\\u0000here\"")));
        bodies.put("control characters", bytes(replaceStrings(endpoint.validBody(), "\"esc\\u001b[31m\\u0007\"")));
        bodies.put("lone high surrogate", bytes(replaceStrings(endpoint.validBody(), "\"x\\ud800\"")));
        bodies.put("lone low surrogate", bytes(replaceStrings(endpoint.validBody(), "\"\\udc00y\"")));
        bodies.put("string for number", bytes(endpoint.validBody().replaceFirst("\\{", "{\"days\":\"7\",\"version\":\"1\",")));
        bodies.put("long strings", bytes(replaceStrings(endpoint.validBody(), "\"" + "w".repeat(100_000) + "\"")));
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            cases.add(new Case(endpoint.label() + " body " + body.getKey(), endpoint.method(), endpoint.path(), json(),
                    body.getValue(), endpoint.self()));
        }
        cases.add(new Case(endpoint.label() + " body as text/plain", endpoint.method(), endpoint.path(),
                Map.of("Content-Type", "text/plain"), bytes(endpoint.validBody()), endpoint.self()));
        cases.add(new Case(endpoint.label() + " body as XML", endpoint.method(), endpoint.path(),
                Map.of("Content-Type", "application/xml"), bytes("<a>1</a>"), endpoint.self()));
        cases.add(new Case(endpoint.label() + " body without content type", endpoint.method(), endpoint.path(),
                Map.of(), bytes(endpoint.validBody()), endpoint.self()));
    }

    private static void idCases(Endpoint endpoint, List<Case> cases) {
        int open = endpoint.path().indexOf('{');
        String placeholder = endpoint.path().substring(open, endpoint.path().indexOf('}', open) + 1);
        for (Map.Entry<String, String> id : HOSTILE_IDS.entrySet()) {
            String path = endpoint.path().replace(placeholder, id.getValue());
            cases.add(new Case(endpoint.label() + " with " + placeholder + " = " + id.getKey(), endpoint.method(),
                    path, json(), bytes(endpoint.validBody()), endpoint.self()));
        }
    }

    private static void queryCases(Endpoint endpoint, List<Case> cases) {
        for (Map.Entry<String, String> query : HOSTILE_QUERIES.entrySet()) {
            String path = endpoint.path() + (endpoint.path().contains("?") ? "&" : "?") + query.getValue();
            cases.add(new Case(endpoint.label() + " query " + query.getKey(), "GET", path, Map.of(), null,
                    endpoint.self()));
        }
        cases.add(new Case(endpoint.label() + " accepting XML", "GET", endpoint.path(),
                Map.of("Accept", "application/xml"), null, endpoint.self()));
    }

    private static void searchCases(List<Case> cases) {
        String search = "/api/v1/forms/{pub}/search?q=";
        Map<String, String> queries = orderedMap(
                "NUL", "a%00b",
                "control", "%1B%5B31m",
                "lone surrogate", "%ED%A0%80",
                "glob", "*%3F%5Ba-z%5D",
                "overlong", "word+".repeat(2000),
                "repeated q", "a&q=b",
                "operators only", "%3E%3D+%3C+not+or+and",
                "empty", "");
        for (Map.Entry<String, String> query : queries.entrySet()) {
            cases.add(new Case("search q " + query.getKey(), "GET", search + query.getValue(), Map.of(), null,
                    Token.OWNER));
        }
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** The body with every string value (placeholders included) replaced by a JSON literal. */
    private static String replaceStrings(String body, String literal) {
        JsonNode tree = ApiClient.JSON.readTree(body);
        String marker = "@@hostile@@";
        replace(tree, marker);
        return ApiClient.JSON.writeValueAsString(tree).replace("\"" + marker + "\"", literal);
    }

    private static void replace(JsonNode node, String marker) {
        if (node instanceof ObjectNode object) {
            for (String name : new ArrayList<>(object.propertyNames())) {
                if (object.get(name).isString()) {
                    object.put(name, marker);
                } else {
                    replace(object.get(name), marker);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isString()) {
                    array.set(i, ApiClient.JSON.getNodeFactory().stringNode(marker));
                } else {
                    replace(array.get(i), marker);
                }
            }
        }
    }

    @BeforeEach
    void fixture() {
        if (fixture != null) {
            return;
        }
        TestUser owner = newUser("Owner");
        TestUser foreign = newUser("Mallory");
        TestUser target = newUser("Target");
        TestUser spare = newUser("Spare");
        TestUser revoked = newUser("Revoked");
        assertThat(api.post("/api/v1/auth/logout", revoked.token(), null).status()).isEqualTo(204);
        Reply adminLogin = api.post("/api/v1/auth/login", null, Map.of("email", ADMIN, "password", ADMIN_PASSWORD));
        assertThat(adminLogin.status()).as(adminLogin.toString()).isEqualTo(200);
        List<Map<String, Object>> fields = List.of(field("q", "Q", "text"), field("n", "N", "number"));
        String pub = createPublishedForm(owner, "Public", fields);
        submit(pub, null, Map.of("q", "hello world", "n", 2));
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("{form}", createForm(owner, "Draft", fields));
        ids.put("{victim}", createForm(owner, "Victim", fields));
        ids.put("{pub}", pub);
        ids.put("{user}", target.id());
        ids.put("{widget}", widget(owner, pub));
        ids.put("{victimWidget}", widget(owner, pub));
        Map<Token, String> tokens = new LinkedHashMap<>();
        tokens.put(Token.OWNER, "Bearer " + owner.token());
        tokens.put(Token.FOREIGN, "Bearer " + foreign.token());
        tokens.put(Token.ADMIN, "Bearer " + adminLogin.at("/token").asString());
        tokens.put(Token.REVOKED, "Bearer " + revoked.token());
        tokens.put(Token.WRONG_SCHEME, "Basic " + Base64.getEncoder().encodeToString(
                (owner.email() + ":correct-horse").getBytes(StandardCharsets.UTF_8)));
        tokens.put(Token.BARE_SCHEME, "Bearer");
        tokens.put(Token.EMPTY_BEARER, "Bearer ");
        tokens.put(Token.MALFORMED_BEARER, "Bearer " + owner.id() + ".*?[a-z]/../" + "A".repeat(300));
        fixture = new Fixture(tokens, ids, spare.email());
    }

    private String widget(TestUser owner, String formId) {
        Reply created = api.post("/api/v1/dashboard/widgets", owner.token(), Map.of("formId", formId, "type",
                "count"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.at("/id").asString();
    }

    @Order(1)
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void hostileInputIsAnsweredCleanly(Case hostile, CapturedOutput output) {
        int logStart = output.getAll().length();
        Reply reply = api.sendRaw(hostile.method(), fill(hostile.path()), headers(hostile), fillBody(hostile.body()));

        assertClean(hostile.name(), hostile.method(), reply);
        assertThat(output.getAll().substring(logStart)).as("log lines written while answering %s", hostile)
                .doesNotContain("\tat ");
        assertEveryKeyExpires(hostile.name());
    }

    private static void assertClean(String name, String method, Reply reply) {
        assertThat(reply.status()).as("%s answered %s", name, reply).isLessThan(500);
        assertThat(reply.raw()).as("%s leaks a stack trace", name)
                .doesNotContain("Exception").doesNotContain("at io.").doesNotContain("at org.");
        if (reply.status() >= 400 && !method.equals("HEAD")) {
            assertThat(reply.contentType()).as("%s answered %s", name, reply).startsWith("application/problem+json");
            assertThat(reply.body().has("type")).as("%s problem has a type: %s", name, reply).isTrue();
            assertThat(reply.at("/status").asInt()).as("%s problem status: %s", name, reply)
                    .isEqualTo(reply.status());
        }
    }

    private Map<String, String> headers(Case hostile) {
        Map<String, String> headers = new LinkedHashMap<>(hostile.headers());
        String authorization = switch (hostile.tokenKind()) {
            case NONE -> null;
            case SPARE -> "Bearer " + spareToken();
            case FORGED -> "Bearer " + forgedToken();
            default -> fixture.tokens().get(hostile.tokenKind());
        };
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return headers;
    }

    /** A fresh session of a user nobody else relies on, since logging out ends it. */
    private String spareToken() {
        Reply login = api.post("/api/v1/auth/login", null,
                Map.of("email", fixture.spareEmail(), "password", "correct-horse"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.at("/token").asString();
    }

    private static String forgedToken() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return HexFormat.of().formatHex(id) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static String randomSafeId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(SAFE.charAt(RANDOM.nextInt(SAFE.length())));
        }
        return id.toString();
    }

    private static String randomHexId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String fill(String text) {
        String filled = text.replace("{uniq}", UUID.randomUUID().toString());
        for (Map.Entry<String, String> id : fixture.ids().entrySet()) {
            filled = filled.replace(id.getKey(), id.getValue());
        }
        return filled;
    }

    private static byte[] fillBody(byte[] body) {
        if (body == null || body.length > 64 * 1024) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains("{") && !text.contains("\uFFFD") ? bytes(fill(text)) : body;
    }

    private void assertEveryKeyExpires(String after) {
        List<String> withoutTtl = keysWithoutTtl();
        withoutTtl.removeAll(REPORTED_WITHOUT_TTL);
        REPORTED_WITHOUT_TTL.addAll(withoutTtl);
        assertThat(withoutTtl).as("Redis keys without a TTL after %s", after).isEmpty();
    }

    /** Every key of the app's Redis whose PTTL is -1 (a key that has gone meanwhile answers -2 and passes). */
    private List<String> keysWithoutTtl() {
        List<byte[]> keys = inRedis((RedisCallback<List<byte[]>>) connection -> scanAll(connection));
        if (keys.isEmpty()) {
            return new ArrayList<>();
        }
        List<Object> ttls = settled().executePipelined((RedisCallback<Object>) connection -> {
            for (byte[] key : keys) {
                connection.keyCommands().pTtl(key);
            }
            return null;
        });
        List<String> withoutTtl = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (ttls.get(i) instanceof Long ttl && ttl == -1) {
                withoutTtl.add(new String(keys.get(i), StandardCharsets.UTF_8));
            }
        }
        return withoutTtl;
    }

    private static List<byte[]> scanAll(RedisConnection connection) {
        return scan(connection, "*");
    }

    private static List<byte[]> scan(RedisConnection connection, String pattern) {
        List<byte[]> keys = new ArrayList<>();
        try (Cursor<byte[]> cursor = connection.keyCommands().scan(
                ScanOptions.scanOptions().match(pattern).count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        return keys;
    }

    /** The api:response keys now, as text: compared as keys added, since older entries may expire meanwhile. */
    /** Runs a command on Redis once the answers this instance writes behind its responses have landed. */
    private <T> T inRedis(RedisCallback<T> command) {
        return settled().execute(command);
    }

    private RedisTemplate<byte[], byte[]> settled() {
        assertThat(cache.awaitWrites(Duration.ofSeconds(10))).as("writes behind landed").isTrue();
        return redisTemplate;
    }

    private Set<String> responseKeys() {
        return inRedis((RedisCallback<List<byte[]>>) c -> scan(c, "*api:response*")).stream()
                .map(key -> new String(key, StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }

    private Set<String> addedSince(Set<String> before) {
        Set<String> now = responseKeys();
        now.removeAll(before);
        return now;
    }

    @Order(2)
    @Test
    void unknownParametersIfNoneMatchStarAndHeadStoreNothingExtra() {
        TestUser owner = newUser("Regression");
        List<Map<String, Object>> fields = List.of(field("q", "Q", "text"));
        String junkForm = createPublishedForm(owner, "Junk", fields);
        Set<String> before = responseKeys();
        for (int i = 0; i < 50; i++) {
            Reply reply = api.get("/api/v1/forms/" + junkForm + "/public?junk=" + i, null);
            assertClean("junk " + i, "GET", reply);
        }
        assertThat(addedSince(before)).as("api:response keys added by 50 distinct ?junk= values").hasSize(1);

        String starForm = createPublishedForm(owner, "Star", fields);
        before = responseKeys();
        Reply star = api.get("/api/v1/forms/" + starForm + "/public", null, Map.of("If-None-Match", "*"));
        assertThat(star.status()).as(star.toString()).isEqualTo(304);
        assertThat(addedSince(before)).as("api:response keys added by If-None-Match: * on a miss").isEmpty();

        String headForm = createPublishedForm(owner, "Head", fields);
        before = responseKeys();
        Reply head = api.head("/api/v1/forms/" + headForm + "/public", null);
        assertThat(head.status()).as(head.toString()).isEqualTo(200);
        assertThat(addedSince(before)).as("api:response keys added by HEAD on a miss").isEmpty();
    }

    @Order(3)
    @Test
    void anAnonymousFloodLeavesRedisSmall(CapturedOutput output) throws Exception {
        TestUser owner = newUser("Flooded");
        String small = createPublishedForm(owner, "Small", List.of(field("q", "Q", "text")));
        String large = createPublishedForm(owner, "Large", largeFields());
        int logStart = output.getAll().length();

        AtomicLong sent = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        List<String> unclean = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(75);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(pool.submit(() -> {
                    while (sent.get() < FLOOD_BYTES && System.nanoTime() < deadline) {
                        long n = requests.incrementAndGet();
                        FloodRequest request = floodRequest(n, small, large);
                        sent.addAndGet(request.size());
                        Reply reply = api.sendRaw(request.method(), request.path(), request.headers(), request.body());
                        statuses.merge(request.kind() + " " + reply.status(), 1, Integer::sum);
                        try {
                            assertClean(request.kind(), request.method(), reply);
                        } catch (AssertionError e) {
                            synchronized (unclean) {
                                if (unclean.size() < 5) {
                                    unclean.add(e.getMessage());
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long dbSize = inRedis((RedisCallback<Long>) c -> c.serverCommands().dbSize());
        Properties memory = inRedis((RedisCallback<Properties>) c -> c.serverCommands().info("memory"));
        long usedMemory = Long.parseLong(memory.getProperty("used_memory"));
        List<String> withoutTtl = keysWithoutTtl();
        System.out.println("HOSTILE-FLOOD: requests=" + requests.get() + " bytesAttempted=" + sent.get()
                + " dbsize=" + dbSize + " usedMemory=" + usedMemory + " keysWithoutTtl=" + withoutTtl.size()
                + " statuses=" + new java.util.TreeMap<>(statuses));

        assertThat(sent.get()).as("request bytes attempted").isGreaterThanOrEqualTo(FLOOD_BYTES);
        assertThat(unclean).as("unclean answers during the flood").isEmpty();
        assertThat(dbSize).as("DBSIZE after the flood").isLessThan(5_000);
        assertThat(usedMemory).as("used_memory after the flood").isLessThan(64L * 1024 * 1024);
        assertThat(withoutTtl).as("keys without a TTL after the flood").isEmpty();
        assertThat(output.getAll().substring(logStart)).as("log during the flood").doesNotContain("\tat ");
    }

    private record FloodRequest(String kind, String method, String path, Map<String, String> headers, byte[] body) {
        /** Request line, the headers set here and the body: a lower bound of what crosses the socket. */
        long size() {
            long size = method.length() + path.length() + " HTTP/1.1\r\n".length() + 1;
            for (Map.Entry<String, String> header : headers.entrySet()) {
                size += header.getKey().length() + header.getValue().length() + 4;
            }
            return size + (body == null ? 0 : body.length);
        }
    }

    private static FloodRequest floodRequest(long n, String small, String large) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Pad", PAD);
        if (n % 100 == 0) {
            headers.put("Content-Type", "application/json");
            return new FloodRequest("oversized submission", "POST", "/api/v1/forms/" + randomHexId() + "/responses",
                    headers, OVERSIZED_SUBMISSION);
        }
        if (n % 100 == 50) {
            headers.put("Content-Type", "application/json");
            return new FloodRequest("large submission", "POST", "/api/v1/forms/" + randomHexId() + "/responses",
                    headers, LARGE_SUBMISSION);
        }
        if (n % 64 == 0) {
            headers.put("Content-Type", "application/json");
            return new FloodRequest("unknown-email login", "POST", "/api/v1/auth/login", headers,
                    bytes("{\"email\":\"nobody-" + randomSafeId(20) + "@example.com\",\"password\":\"guess\"}"));
        }
        return switch ((int) (n % 7)) {
            case 0 -> new FloodRequest("random object id", "GET", "/api/v1/forms/" + randomHexId() + "/public",
                    headers, null);
            case 1 -> new FloodRequest("random 128-char id", "GET", "/api/v1/forms/" + randomSafeId(128)
                    + "/public", headers, null);
            case 2 -> new FloodRequest("junk parameter", "GET", "/api/v1/forms/" + small + "/public?junk="
                    + randomSafeId(32), headers, null);
            case 3 -> {
                headers.put("If-None-Match", "*");
                yield new FloodRequest("If-None-Match *", "GET", "/api/v1/forms/" + large + "/public", headers,
                        null);
            }
            case 4 -> new FloodRequest("HEAD", "HEAD", "/api/v1/forms/" + large + "/public", headers, null);
            case 5 -> {
                headers.put("Authorization", "Bearer " + forgedToken());
                yield new FloodRequest("forged token", "GET", "/api/v1/users/me", headers, null);
            }
            default -> {
                headers.put("Authorization", "Bearer " + forgedToken());
                yield new FloodRequest("forged token form", "GET", "/api/v1/forms/" + randomHexId(), headers, null);
            }
        };
    }

    /** About 150 KB of public view: under the entry ceiling, so storing it would show. */
    private static List<Map<String, Object>> largeFields() {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            List<String> options = new ArrayList<>();
            for (int o = 0; o < 50; o++) {
                options.add("option " + f + "-" + o + " " + "lorem ipsum dolor sit amet ".repeat(1));
            }
            fields.add(field("c" + f, "Choice " + f, "single_choice", "options", options));
        }
        return fields;
    }
}

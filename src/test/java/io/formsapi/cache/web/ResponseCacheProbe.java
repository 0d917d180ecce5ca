package io.formsapi.cache.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.formsapi.auth.Anonymous;
import io.formsapi.auth.Caller;

/**
 * An endpoint for what the application's own endpoints do not exercise: a TTL of its own, a header in the key,
 * methods other than GET, answers too large to store, a slow handler, a database failure on demand, and a count
 * of how often the handler really ran. Exists only where {@code test.response-cache-probe=true}.
 */
@RestController
@RequestMapping("/api/test/response-cache")
@ConditionalOnProperty(name = "test.response-cache-probe", havingValue = "true")
class ResponseCacheProbe {

    static final AtomicInteger CALLS = new AtomicInteger();
    static volatile boolean databaseDown;

    @RequestMapping(path = "/{id}", method = {RequestMethod.GET, RequestMethod.POST})
    @CachedResponse(ttl = "3s", tags = "probe:{id}", key = "header:X-Tenant")
    Map<String, Object> probe(@Anonymous Caller caller, @PathVariable String id,
            @RequestHeader(name = "X-Tenant", required = false) String tenant,
            @RequestParam(required = false) Integer filler, @RequestParam(required = false) Integer sleepMs)
            throws InterruptedException {
        int call = CALLS.incrementAndGet();
        if (sleepMs != null) {
            Thread.sleep(sleepMs);
        }
        if (databaseDown) {
            throw new DataAccessResourceFailureException("the probe's database is down");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("tenant", tenant);
        answer.put("user", caller == null ? null : caller.userId());
        answer.put("call", call);
        if (filler != null) {
            // Random letters: an answer that compression cannot shrink below its size.
            answer.put("filler", new Random(filler).ints(filler, 'a', 'z' + 1)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        }
        return answer;
    }

    /** The same for everyone: the kind of answer that may be served stale when the database fails. */
    @GetMapping("/shared/{id}")
    @CachedResponse(ttl = "3s", tags = "probe:{id}", shared = true)
    Map<String, Object> shared(@PathVariable String id) {
        int call = CALLS.incrementAndGet();
        if (databaseDown) {
            throw new DataAccessResourceFailureException("the probe's database is down");
        }
        return Map.of("id", id, "call", call);
    }
}

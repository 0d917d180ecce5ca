package io.formsapi.forms;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.formsapi.cache.CacheRegion;

/**
 * The one place a form's response count is read by id, through its own small cache entry tagged with the form's
 * responses alone: a submission refreshes it, not the cached schema ({@link FormLoader}).
 */
@Service
class ResponseCountLoader {

    private final ResponseCounts responses;
    private final CacheRegion<String, Long> counts;

    ResponseCountLoader(ResponseCounts responses, CacheRegion<String, Long> counts) {
        this.responses = responses;
        this.counts = counts;
    }

    /** The form's number of responses; 0 for a form that is gone. */
    long count(String formId) {
        return counts.get(formId, responses::countOf);
    }

    /** The number of responses of each of {@code formIds}: one read of the cached counts, the missing ones counted. */
    Map<String, Long> counts(List<String> formIds) {
        return counts.getAll(formIds, this::countAll);
    }

    private Map<String, Long> countAll(Collection<String> formIds) {
        return formIds.stream().distinct().collect(Collectors.toMap(Function.identity(), responses::countOf));
    }
}

package io.formsapi.caching.tags;

/**
 * Who may be served an answer cached once for all of them, for {@code @CachedResponse(access = ...)}: the names of
 * the beans that decide it. Here beside the tags, so that features can name them without depending on the code
 * that decides.
 */
public final class Audiences {

    /** Whoever may read the responses of the request's {@code formId}: its owner, editors and viewers. */
    public static final String RESPONSE_READERS = "formResponseReaders";

    private Audiences() {
    }
}

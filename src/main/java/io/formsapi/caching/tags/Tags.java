package io.formsapi.caching.tags;

/**
 * The tags cached entries depend on, spelled here only: the cache regions attach them, the invalidations bump
 * them, and the controllers' {@code @CachedResponse} annotations use the templates below. An entry is stale once
 * any of its tags has been invalidated after it was loaded. A package of its own, depending on nothing, so that
 * features can name tags without depending on the code that maps their events to tags.
 */
public final class Tags {

    private static final String FORM = "form";
    private static final String RESPONSES = "responses";
    private static final String USER = "user";
    private static final String SESSIONS = "sessions";
    private static final String WIDGET = "widget";

    /** {@link #form} of the request's {@code formId} path variable, for {@code @CachedResponse}. */
    public static final String FORM_OF_PATH = FORM + ":{formId}";

    /** {@link #responses} of the request's {@code formId} path variable, for {@code @CachedResponse}. */
    public static final String RESPONSES_OF_PATH = RESPONSES + ":{formId}";

    private Tags() {
    }

    /** The form document: content, status, members (and so every permission derived from it). */
    public static String form(String formId) {
        return FORM + ":" + formId;
    }

    /** The set of a form's responses: anything counted, listed, searched or aggregated from them. */
    public static String responses(String formId) {
        return RESPONSES + ":" + formId;
    }

    /** A user: their sessions and anything computed for them alone. */
    public static String user(String userId) {
        return USER + ":" + userId;
    }

    /**
     * A user's sessions: logins, logouts and sliding expiry. Only the auth context depends on it, so that a
     * session's expiry moving forward does not drop everything else cached for the user.
     */
    public static String sessions(String userId) {
        return SESSIONS + ":" + userId;
    }

    /** A dashboard widget's definition. */
    public static String widget(String widgetId) {
        return WIDGET + ":" + widgetId;
    }
}

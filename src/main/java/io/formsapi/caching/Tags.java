package io.formsapi.caching;

/**
 * The tags cached entries depend on, spelled here only: the regions ({@link ApplicationCaches}) attach them,
 * {@link Invalidations} bumps them, and the {@code @CachedResponse} templates of the controllers name the same
 * families (checked at start-up). An entry is stale once any of its tags has been invalidated after it was loaded.
 */
public final class Tags {

    private Tags() {
    }

    /** The form document: content, status, members (and so every permission derived from it). */
    public static String form(String formId) {
        return "form:" + formId;
    }

    /** The set of a form's responses: anything counted, listed, searched or aggregated from them. */
    public static String responses(String formId) {
        return "responses:" + formId;
    }

    /** A user: their sessions and anything computed for them alone. */
    public static String user(String userId) {
        return "user:" + userId;
    }

    /**
     * A user's sessions: logins, logouts and sliding expiry. Only the auth context depends on it, so that a
     * session's expiry moving forward does not drop everything else cached for the user.
     */
    public static String sessions(String userId) {
        return "sessions:" + userId;
    }

    /** A dashboard widget's definition. */
    public static String widget(String widgetId) {
        return "widget:" + widgetId;
    }
}

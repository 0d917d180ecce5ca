package io.formsapi.web;

/** Resource ids are MongoDB ObjectIds in hex; anything else cannot name a resource. */
public final class Ids {

    private static final int LENGTH = 24;

    private Ids() {
    }

    /** 24 lower-case hex digits; a loop, not a regular expression: every request with an id or a token asks. */
    public static boolean isValid(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** A malformed id names nothing, so it is answered exactly like an id that does not exist. */
    public static String require(String id, String resource) {
        if (!isValid(id)) {
            throw ApiException.notFound(resource);
        }
        return id;
    }
}

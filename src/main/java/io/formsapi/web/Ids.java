package io.formsapi.web;

import java.util.regex.Pattern;

/** Resource ids are MongoDB ObjectIds in hex; anything else cannot name a resource. */
public final class Ids {

    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{24}");

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && OBJECT_ID.matcher(id).matches();
    }

    /** A malformed id names nothing, so it is answered exactly like an id that does not exist. */
    public static String require(String id, String resource) {
        if (!isValid(id)) {
            throw ApiException.notFound(resource);
        }
        return id;
    }
}

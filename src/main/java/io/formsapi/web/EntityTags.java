package io.formsapi.web;

/** Conditional request headers, compared as RFC 9110 section 13.1.1 asks for {@code If-Match}. */
public final class EntityTags {

    private EntityTags() {
    }

    /**
     * Whether an {@code If-Match} value lets a change to a resource whose current tag is {@code current} go ahead:
     * {@code *}, or one of the listed tags equal to it by strong comparison (a weak tag never matches).
     */
    public static boolean ifMatch(String header, String current) {
        for (String candidate : header.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(current)) {
                return true;
            }
        }
        return false;
    }
}

package io.formsapi.cache;

import java.util.Properties;

/** Reading fields of Redis INFO. */
final class RedisInfo {

    private RedisInfo() {
    }

    /** A numeric field, or null when INFO lacks it or reports it differently. */
    static Long number(Properties info, String name) {
        String value = info.getProperty(name);
        try {
            return value == null ? null : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.formsapi.cache.codec;

/**
 * A stored value that cannot be decoded: empty, an unknown format byte, truncated, damaged, or larger once
 * decoded than the codec accepts. The value must be treated as absent (a miss) and may be deleted.
 *
 * <p>Checked on purpose: every caller that reads a cached value has to decide what a damaged one means.
 */
public final class CorruptValueException extends Exception {

    private static final long serialVersionUID = 1L;

    public CorruptValueException(String message) {
        super(message);
    }

    public CorruptValueException(String message, Throwable cause) {
        super(message, cause);
    }
}

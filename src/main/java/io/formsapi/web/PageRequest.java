package io.formsapi.web;

/** A validated page window: {@code page} is zero-based. */
public record PageRequest(int page, int size) {

    public long offset() {
        return (long) page * size;
    }
}

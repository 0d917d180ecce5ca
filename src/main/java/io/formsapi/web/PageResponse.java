package io.formsapi.web;

import java.util.List;
import java.util.function.Function;

/** One page of a listing, with the total number of matching items. */
public record PageResponse<T>(List<T> items, int page, int size, long total) {

    public static <T> PageResponse<T> of(List<T> items, PageRequest request, long total) {
        return new PageResponse<>(items, request.page(), request.size(), total);
    }

    public <R> PageResponse<R> map(Function<T, R> mapper) {
        return new PageResponse<>(items.stream().map(mapper).toList(), page, size, total);
    }
}

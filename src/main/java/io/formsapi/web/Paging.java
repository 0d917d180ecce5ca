package io.formsapi.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Limits every paginated endpoint shares; out-of-range values are rejected, not silently clamped. */
@ConfigurationProperties("forms.paging")
public record Paging(@DefaultValue("20") int defaultSize, @DefaultValue("100") int maxSize,
        @DefaultValue("10000") int maxPage) {

    public PageRequest request(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? defaultSize : size;
        if (p < 0 || p > maxPage) {
            throw ApiException.invalid("page", "must be between 0 and " + maxPage);
        }
        if (s < 1 || s > maxSize) {
            throw ApiException.invalid("size", "must be between 1 and " + maxSize);
        }
        return new PageRequest(p, s);
    }
}

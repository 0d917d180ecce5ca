package io.formsapi.cache.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Hands the dispatcher the handler {@link ResponseCacheFilter} already looked up for this request, so that a miss
 * matches the request against every mapping once, not twice. Asked first; only for the request's own dispatch
 * (never an error page's, a forward's or an include's, which answer for other paths), once, and only when the
 * filter found one: otherwise the other mappings decide, as without it.
 */
final class FoundHandlerMapping implements HandlerMapping, Ordered {

    private static final String FOUND = FoundHandlerMapping.class.getName() + ".found";

    /** Keeps the handler the filter found for the dispatch of {@code request} that follows. */
    static void keep(HttpServletRequest request, HandlerExecutionChain handler) {
        request.setAttribute(FOUND, handler);
    }

    /** The handler kept for this dispatch, once: a second dispatch of the same request looks it up afresh. */
    @Override
    public HandlerExecutionChain getHandler(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.REQUEST
                || !(request.getAttribute(FOUND) instanceof HandlerExecutionChain found)) {
            return null;
        }
        request.removeAttribute(FOUND);
        return found;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

package io.formsapi.forms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.formsapi.cache.CacheRegion;

/**
 * The one place a form (schema, status, members) is read by id through the form schema cache; only the public
 * view, cached whole as its answer, reads the store directly ({@link FormService#getPublished}). It depends on the
 * form document alone: submissions change the response count, which is not part of it
 * ({@link ResponseCountLoader}).
 *
 * <p>A GET or HEAD request reads each form once: what it read is kept on the request, so that an access check and
 * then the handler (or a widget's figures after the widget's own check) do not read the same form twice. Such a
 * request changes nothing, so a second read could only find a change made meanwhile by another request, which
 * the first read might as well have missed.
 */
@Service
public class FormLoader {

    private static final String READ_ON_REQUEST = FormLoader.class.getName() + ".read";

    private final FormStore store;
    private final CacheRegion<String, Form> schemas;

    FormLoader(FormStore store, CacheRegion<String, Form> schemas) {
        this.store = store;
        this.schemas = schemas;
    }

    public Optional<Form> load(String formId) {
        return load(formId, RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current
                ? current.getRequest() : null);
    }

    /** As {@link #load(String)}, on a request a servlet filter has before the handler does; null for none. */
    public Optional<Form> load(String formId, HttpServletRequest request) {
        if (request == null || !(HttpMethod.GET.matches(request.getMethod())
                || HttpMethod.HEAD.matches(request.getMethod()))) {
            return schemas.find(formId, store::byId);
        }
        @SuppressWarnings("unchecked")
        Map<String, Optional<Form>> read = (Map<String, Optional<Form>>) request.getAttribute(READ_ON_REQUEST);
        if (read == null) {
            read = new HashMap<>();
            request.setAttribute(READ_ON_REQUEST, read);
        }
        return read.computeIfAbsent(formId, id -> schemas.find(id, store::byId));
    }

    /** Loads the given forms into the cache in one pipeline; returns how many were stored. */
    public int warm(List<String> formIds) {
        return schemas.warm(formIds, ids -> store.byIds(List.copyOf(ids)).stream()
                .collect(Collectors.toMap(Form::id, Function.identity())));
    }
}

package io.formsapi.dashboard;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import io.formsapi.auth.Caller;
import io.formsapi.cache.CacheRegion;
import io.formsapi.cache.Cached;
import io.formsapi.forms.Form;
import io.formsapi.forms.FormDeleted;
import io.formsapi.forms.FormAccess;
import io.formsapi.forms.Permission;
import io.formsapi.web.ApiException;
import io.formsapi.web.Ids;
import io.formsapi.web.PageRequest;
import io.formsapi.web.PageResponse;

/**
 * Widgets are private to the user who created them: anyone else is told a widget does not exist, so that ids
 * reveal nothing. Reading a widget's figures also needs the right to read the form's responses, checked anew on
 * every read because membership of a form can be withdrawn.
 */
@Service
public class WidgetService {

    private final WidgetStore store;
    private final WidgetValidator validator;
    private final WidgetDataCalculator calculator;
    private final FormAccess access;
    private final Clock clock;
    private final CacheRegion<String, Widget> definitions;
    private final CacheRegion<WidgetQuery, WidgetData> figures;
    private final ApplicationEventPublisher events;

    WidgetService(WidgetStore store, WidgetValidator validator, WidgetDataCalculator calculator, FormAccess access,
            Clock clock, CacheRegion<String, Widget> definitions, CacheRegion<WidgetQuery, WidgetData> figures,
            ApplicationEventPublisher events) {
        this.definitions = definitions;
        this.figures = figures;
        this.events = events;
        this.store = store;
        this.validator = validator;
        this.calculator = calculator;
        this.access = access;
        this.clock = clock;
    }

    public Widget create(Caller caller, WidgetRequest request) {
        WidgetType type = validator.validate(request);
        Form form = access.require(caller, request.formId(), Permission.READ_RESPONSES);
        return store.insert(validator.define(request, type, form, caller.userId(), clock.instant()));
    }

    public PageResponse<Widget> list(Caller caller, PageRequest page) {
        return PageResponse.of(store.newestOwnedBy(caller.userId(), page), page,
                store.countOwnedBy(caller.userId()));
    }

    /** The caller's widget, once they are known to still be allowed to see its figures. */
    public Widget readable(Caller caller, String widgetId) {
        Widget widget = owned(caller, widgetId);
        Form form = access.load(widget.formId());
        // The owner of the widget already knows the form, so losing access is reported as such, not hidden.
        if (!form.roleOf(caller.userId()).allows(Permission.READ_RESPONSES)) {
            throw ApiException.forbidden("you can no longer read the responses of form " + form.id()
                    + ", which this widget summarises");
        }
        return widget;
    }

    /**
     * A widget's figures and how they were obtained: current, or after a submission the previous figures within
     * the {@code dashboard_widget} type's staleness bound while they are recomputed (STALE).
     */
    public Cached<WidgetData> data(Widget widget) {
        return figures.lookup(WidgetQuery.of(widget), query -> Optional.of(calculator.calculate(query)));
    }

    /** The newest widgets on the given forms, for warming. */
    public List<Widget> onForms(List<String> formIds, int limit) {
        return store.onForms(formIds, limit);
    }

    /**
     * Computes the given widgets' figures into the cache in one pipeline, once for widgets that ask the same; returns
     * how many entries were stored.
     */
    public int warm(List<Widget> widgets) {
        return figures.warm(widgets.stream().map(WidgetQuery::of).distinct().toList(), batch -> {
            Map<WidgetQuery, WidgetData> computed = new LinkedHashMap<>();
            batch.forEach(query -> computed.put(query, calculator.calculate(query)));
            return computed;
        });
    }

    public void delete(Caller caller, String widgetId) {
        if (!store.delete(Ids.require(widgetId, "widget"), caller.userId())) {
            throw ApiException.notFound("widget");
        }
        events.publishEvent(new WidgetsDeleted(List.of(widgetId)));
    }

    /** A form's widgets go with it, and so do their cached definitions and figures. */
    @EventListener
    void onFormDeleted(FormDeleted event) {
        List<String> deleted = store.deleteOnForm(event.formId());
        if (!deleted.isEmpty()) {
            events.publishEvent(new WidgetsDeleted(deleted));
        }
    }

    /** The widget, read through the cache, if the caller owns it; another's is reported as not existing. */
    private Widget owned(Caller caller, String widgetId) {
        return definitions.find(Ids.require(widgetId, "widget"), store::byId)
                .filter(widget -> widget.ownerId().equals(caller.userId()))
                .orElseThrow(() -> ApiException.notFound("widget"));
    }
}

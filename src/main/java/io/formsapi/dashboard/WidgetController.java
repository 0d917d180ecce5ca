package io.formsapi.dashboard;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.formsapi.auth.Caller;
import io.formsapi.cache.Cached;
import io.formsapi.cache.web.CacheHeaders;
import io.formsapi.web.PageResponse;
import io.formsapi.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/dashboard/widgets")
@Tag(name = "dashboard")
class WidgetController {

    private final WidgetService widgets;
    private final Paging paging;

    WidgetController(WidgetService widgets, Paging paging) {
        this.widgets = widgets;
        this.paging = paging;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a widget on a form whose responses the caller can read")
    WidgetView create(Caller caller, @RequestBody WidgetRequest request) {
        return WidgetView.of(widgets.create(caller, request));
    }

    @GetMapping
    @Operation(summary = "The caller's widgets, newest first, without their figures")
    PageResponse<WidgetView> list(Caller caller, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return widgets.list(caller, paging.request(page, size)).map(WidgetView::of);
    }

    @GetMapping("/{widgetId}")
    @Operation(summary = "One of the caller's widgets with its figures: current, or right after a submission "
            + "the previous figures for at most the dashboard_widget type's max-staleness (X-Cache: STALE, Age)")
    WidgetView get(Caller caller, @PathVariable String widgetId, HttpServletResponse response) {
        Widget widget = widgets.readable(caller, widgetId);
        Cached<WidgetData> figures = widgets.data(widget);
        CacheHeaders.describe(response, figures);
        return WidgetView.of(widget, figures.value().orElseThrow());
    }

    @DeleteMapping("/{widgetId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete one of the caller's widgets")
    void delete(Caller caller, @PathVariable String widgetId) {
        widgets.delete(caller, widgetId);
    }
}

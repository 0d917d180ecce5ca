package io.formsapi.caching;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import io.formsapi.auth.RolesChanged;
import io.formsapi.auth.SessionsChanged;
import io.formsapi.cache.CacheEngine;
import io.formsapi.caching.tags.Tags;
import io.formsapi.dashboard.WidgetsDeleted;
import io.formsapi.forms.FormChanged;
import io.formsapi.forms.FormDeleted;
import io.formsapi.forms.MembershipChanged;
import io.formsapi.responses.ResponseSubmitted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Which change makes which cached entries stale: the seed's event-driven invalidation, with its mismatched
 * patterns replaced by tags. Each handler runs synchronously inside the write that announced the change, so the
 * order is the seed's write flow: MongoDB is written, the related tags are bumped in Redis, and only then is the
 * response sent. Every instance reads the same versions in Redis; the bumps are also announced for the instances'
 * near caches, and the write is answered once this instance has heard its own announcement.
 */
@Service
public class Invalidations {

    private final CacheEngine cache;
    private final MeterRegistry metrics;

    Invalidations(CacheEngine cache, MeterRegistry metrics) {
        this.cache = cache;
        this.metrics = metrics;
    }

    /** Schema, status or members changed: the form, its searches, widgets and cached responses. */
    @EventListener
    public void onFormUpdated(FormChanged event) {
        invalidate("form_updated", Tags.form(event.formId()));
    }

    @EventListener
    public void onFormDeleted(FormDeleted event) {
        invalidate("form_deleted", Tags.form(event.formId()), Tags.responses(event.formId()));
    }

    /** A new response: the form's counts, searches, widgets and response lists. */
    @EventListener
    public void onResponseSubmitted(ResponseSubmitted event) {
        invalidate("response_submitted", Tags.responses(event.formId()));
    }

    /** A role given, changed or taken away: what was cached for that user. The form itself is a FormChanged. */
    @EventListener
    public void onUserPermissionChanged(MembershipChanged event) {
        invalidate("user_permission_changed", Tags.user(event.userId()));
    }

    /**
     * Login, logout or a session's expiry moved: the user's auth context alone. Answers cached for the user stay:
     * each request is authenticated against the auth context first, so a logged-out token is refused all the same.
     */
    @EventListener
    public void onSessionsChanged(SessionsChanged event) {
        invalidate("sessions_changed", Tags.sessions(event.userId()));
    }

    /** The admin role granted or revoked: the user's auth context, on every instance from the next request. */
    @EventListener
    public void onRolesChanged(RolesChanged event) {
        invalidate("roles_changed", Tags.user(event.userId()));
    }

    /** Widgets deleted, by their owner or with their form: their definitions and figures. */
    @EventListener
    public void onWidgetsDeleted(WidgetsDeleted event) {
        invalidate("widget_deleted", event.widgetIds().stream().map(Tags::widget).toArray(String[]::new));
    }

    /** Administrative: everything about a form. */
    public void invalidateForm(String formId) {
        invalidate("admin_form", Tags.form(formId), Tags.responses(formId));
    }

    /** Administrative: everything cached for a user. */
    public void invalidateUser(String userId) {
        invalidate("admin_user", Tags.user(userId));
    }

    private void invalidate(String kind, String... tags) {
        cache.invalidateTags(tags);
        Counter.builder("cache.invalidations").tag("kind", kind)
                .description("Invalidations, by the change that made them").register(metrics).increment();
    }
}

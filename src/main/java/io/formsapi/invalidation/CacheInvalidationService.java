package io.formsapi.invalidation;

import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import io.formsapi.CacheTags;
import io.formsapi.auth.RolesChanged;
import io.formsapi.auth.SessionsChanged;
import io.formsapi.cache.CacheService;
import io.formsapi.cache.invalidation.CacheEventBus;
import io.formsapi.dashboard.WidgetDeleted;
import io.formsapi.forms.FormChanged;
import io.formsapi.forms.FormDeleted;
import io.formsapi.forms.MembershipChanged;
import io.formsapi.responses.ResponseSubmitted;

/**
 * The seed's event-driven invalidation, with its mismatched patterns replaced by tags. Each handler runs
 * synchronously inside the write that announced the change, so the order is the seed's write flow: MongoDB is
 * written, the related cache is invalidated, the event is published to every instance, and only then is the
 * response sent.
 */
@Service
public class CacheInvalidationService {

    private final CacheService cache;
    private final CacheEventBus bus;

    CacheInvalidationService(CacheService cache, CacheEventBus bus) {
        this.cache = cache;
        this.bus = bus;
    }

    /** Schema, status or members changed: the form, its searches, widgets and cached responses. */
    @EventListener
    public void onFormUpdated(FormChanged event) {
        invalidate("form_updated", CacheTags.form(event.formId()));
    }

    @EventListener
    public void onFormDeleted(FormDeleted event) {
        invalidate("form_deleted", CacheTags.form(event.formId()), CacheTags.responses(event.formId()));
    }

    /** A new response: the form's counts, searches, widgets and response lists. */
    @EventListener
    public void onResponseSubmitted(ResponseSubmitted event) {
        invalidate("response_submitted", CacheTags.responses(event.formId()));
    }

    /** A role given, changed or taken away: what was cached for that user. The form itself is a FormChanged. */
    @EventListener
    public void onUserPermissionChanged(MembershipChanged event) {
        invalidate("user_permission_changed", CacheTags.user(event.userId()));
    }

    /**
     * Login, logout or a session's expiry moved: the user's auth context alone. Answers cached for the user stay:
     * each request is authenticated against the auth context first, so a logged-out token is refused all the same.
     */
    @EventListener
    public void onSessionsChanged(SessionsChanged event) {
        invalidate("sessions_changed", CacheTags.sessions(event.userId()));
    }

    /** The admin role granted or revoked: the user's auth context, on every instance from the next request. */
    @EventListener
    public void onRolesChanged(RolesChanged event) {
        invalidate("roles_changed", CacheTags.user(event.userId()));
    }

    @EventListener
    public void onWidgetDeleted(WidgetDeleted event) {
        invalidate("widget_deleted", CacheTags.widget(event.widgetId()));
    }

    /** Administrative: everything about a form. */
    public void invalidateForm(String formId) {
        invalidate("admin_form", CacheTags.form(formId), CacheTags.responses(formId));
    }

    /** Administrative: everything cached for a user. */
    public void invalidateUser(String userId) {
        invalidate("admin_user", CacheTags.user(userId));
    }

    private void invalidate(String kind, String... tags) {
        cache.invalidateTags(tags);
        bus.publish(kind, List.of(tags));
    }
}

package io.formsapi.caching;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.formsapi.auth.AuthContext;
import io.formsapi.auth.BearerRequestIdentity;
import io.formsapi.cache.CacheRegion;
import io.formsapi.cache.CacheRegions;
import io.formsapi.cache.web.RequestIdentity;
import io.formsapi.caching.tags.Tags;
import io.formsapi.dashboard.Widget;
import io.formsapi.dashboard.WidgetData;
import io.formsapi.dashboard.WidgetQuery;
import io.formsapi.forms.Form;
import io.formsapi.search.SearchKey;
import io.formsapi.search.SearchResult;

/**
 * What the application caches, one region per cache type: the seed's key names and what each entry depends on.
 * Features inject the region of their values and never see keys, types or tags.
 */
@Configuration(proxyBeanMethods = false)
class ApplicationCaches {

    /**
     * The seed's {@code form:schema:{form_id}}: the form document, its members and so every permission; not its
     * response count, so that submissions leave it alone.
     */
    @Bean
    CacheRegion<String, Form> formSchemas(CacheRegions regions) {
        return regions.<String, Form>region("form_schema", Form.class)
                .keys("form:schema", formId -> List.of(formId))
                .tags(formId -> List.of(Tags.form(formId)))
                .build();
    }

    /** A form's number of responses, apart from its schema so that a submission refreshes only this. */
    @Bean
    CacheRegion<String, Long> responseCounts(CacheRegions regions) {
        return regions.<String, Long>region("response_count", Long.class)
                .keys("form:response_count", formId -> List.of(formId))
                .tags(formId -> List.of(Tags.responses(formId)))
                .build();
    }

    /** The seed's {@code user:session:{user_id}}: who a token's user is, their roles and live sessions. */
    @Bean
    CacheRegion<String, AuthContext> authContexts(CacheRegions regions) {
        return regions.<String, AuthContext>region("user_session", AuthContext.class)
                .keys("user:session", userId -> List.of(userId))
                .tags(userId -> List.of(Tags.user(userId), Tags.sessions(userId)))
                .build();
    }

    /**
     * A widget's definition (owner, form, kind), read on every read of its figures to check who owns it; a deleted
     * widget's, and those of a deleted form, are invalidated by the widget's tag.
     */
    @Bean
    CacheRegion<String, Widget> widgetDefinitions(CacheRegions regions) {
        return regions.<String, Widget>region("widget_definition", Widget.class)
                .keys("dashboard:widget_definition", widgetId -> List.of(widgetId))
                .tags(widgetId -> List.of(Tags.widget(widgetId)))
                .build();
    }

    /**
     * A widget's figures, keyed by what they are computed from rather than the seed's
     * {@code dashboard:widget:{user_id}:{widget_id}}: the same figures asked by several widgets are computed once.
     */
    @Bean
    CacheRegion<WidgetQuery, WidgetData> widgetData(CacheRegions regions) {
        return regions.<WidgetQuery, WidgetData>region("dashboard_widget", WidgetData.class)
                .valueTypes(query -> query.type().dataClass())
                .keys("dashboard:widget", query -> List.of(query.formId(), query.type().jsonName(),
                        query.fieldId() == null ? "-" : query.fieldId(),
                        query.days() == null ? "-" : query.days().toString()))
                .tags(query -> List.of(Tags.form(query.formId()), Tags.responses(query.formId())))
                .staleAcross(query -> List.of(Tags.responses(query.formId())))
                .build();
    }

    /** Who a request is, for the response cache and the rate limits: the bearer token's user, tagged as such. */
    @Bean
    RequestIdentity requestIdentity(BearerRequestIdentity bearer) {
        return new RequestIdentity() {
            @Override
            public Optional<String> identify(HttpServletRequest request) {
                return bearer.identify(request);
            }

            @Override
            public String tagOf(String userId) {
                return Tags.user(userId);
            }
        };
    }

    /** The seed's {@code query:result:{hash}}: one page of a search's results. */
    @Bean
    CacheRegion<SearchKey, SearchResult> searchResults(CacheRegions regions) {
        return regions.<SearchKey, SearchResult>region("query_result", SearchResult.class)
                .hashedKeys("query:result", key -> List.of(key.formId(), key.query(), key.page(), key.size()))
                .tags(key -> List.of(Tags.form(key.formId()), Tags.responses(key.formId())))
                .staleAcross(key -> List.of(Tags.responses(key.formId())))
                .build();
    }
}

package io.formsapi.cache.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerExecutionChain;

class FoundHandlerMappingTest {

    private final FoundHandlerMapping mapping = new FoundHandlerMapping();
    private final HandlerExecutionChain handler = new HandlerExecutionChain(new Object());

    @Test
    void theRequestsOwnDispatchGetsTheKeptHandlerOnce() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/forms/f1/public");
        FoundHandlerMapping.keep(request, handler);
        assertThat(mapping.getHandler(request)).isSameAs(handler);
        assertThat(mapping.getHandler(request)).as("a second dispatch looks it up afresh").isNull();
    }

    @Test
    void anErrorPagesDispatchNeverGetsIt() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/forms/f1/public");
        FoundHandlerMapping.keep(request, handler);
        request.setDispatcherType(DispatcherType.ERROR);
        assertThat(mapping.getHandler(request)).isNull();
    }

    @Test
    void withoutAKeptHandlerTheOtherMappingsDecide() {
        assertThat(mapping.getHandler(new MockHttpServletRequest("GET", "/api/v1/forms"))).isNull();
    }
}

package org.kcyj.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests the servlet container would half-read: a query string with a malformed escape (%zz) is a 400, not a
 * page with the parameter silently dropped; and the error page of a request whose body could not be read (an
 * upload over the limit) does not read that body again, so it renders. Camunda's REST API keeps its own rules.
 */
@Configuration
class MalformedRequests {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> malformedRequestFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilterErrorDispatch() {
                return false;
            }

            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return request.getRequestURI().startsWith(request.getContextPath() + "/engine-rest/");
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getDispatcherType() == DispatcherType.ERROR) {
                    chain.doFilter(withoutBody(request), response);
                    return;
                }
                if (!wellFormed(request.getQueryString())) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST);
                    return;
                }
                if (isMultipart(request)) {
                    // read the parts now: an upload over the limit is a 413, not a missing CSRF token (403)
                    try {
                        request.getParts();
                    } catch (IllegalStateException tooLarge) {
                        response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
                        return;
                    } catch (IOException | ServletException unreadable) {
                        response.sendError(HttpServletResponse.SC_BAD_REQUEST);
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        });
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }

    static boolean wellFormed(String query) {
        if (query == null) {
            return true;
        }
        try {
            for (String pair : query.split("&")) {
                URLDecoder.decode(pair, StandardCharsets.UTF_8);
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    }

    /** The error page needs nothing from the body: a multipart body is not parsed a second time. */
    private static HttpServletRequest withoutBody(HttpServletRequest request) {
        if (!isMultipart(request)) {
            return request;
        }
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getContentType() {
                return null;
            }

            @Override
            public String getHeader(String name) {
                return "Content-Type".equalsIgnoreCase(name) ? null : super.getHeader(name);
            }

            @Override
            public Collection<Part> getParts() {
                return List.of();
            }

            @Override
            public Part getPart(String name) {
                return null;
            }
        };
    }
}

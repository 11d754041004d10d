package org.kcyj.web;

import java.util.Locale;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * zh-CN by default; English by the portal's switch (?lang=en, kept in a cookie) or Accept-Language: en.
 * The switch takes zh or en (zh-CN, zh_CN, en-US and the like too); any other value is a bad request (400 page),
 * never a server error. A cookie holding nonsense is ignored.
 */
@Configuration
class LocaleConfig implements WebMvcConfigurer {
    /** Request attribute naming the message of a refusal the error page shows (see ErrorPages). */
    static final String ERROR_CODE = "org.kcyj.web.error-code";

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("kcyj-lang");
        resolver.setRejectInvalidCookies(false);
        resolver.setDefaultLocaleFunction(request -> {
            Locale requested = request.getHeader("Accept-Language") == null ? null : request.getLocale();
            return requested != null && requested.getLanguage().equals("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        });
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleResolver resolver = localeResolver();
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (request.getDispatcherType() == DispatcherType.ERROR) {
                    return true;
                }
                String lang = request.getParameter("lang");
                if (lang == null) {
                    return true;
                }
                Locale chosen = supported(lang);
                if (chosen == null) {
                    request.setAttribute(ERROR_CODE, "error.bad-language");
                    throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unsupported language");
                }
                resolver.setLocale(request, response, chosen);
                return true;
            }
        });
    }

    /** zh or en, alone or with a region; null for anything else. */
    static Locale supported(String lang) {
        String value = lang.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (!value.matches("[a-z]{2}(-[a-z0-9]{2,8})?")) {
            return null;
        }
        return switch (value.substring(0, 2)) {
            case "zh" -> Locale.SIMPLIFIED_CHINESE;
            case "en" -> Locale.ENGLISH;
            default -> null;
        };
    }
}

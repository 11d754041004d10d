package org.kcyj.security;

import org.kcyj.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Deny by default. Camunda's webapps and REST API are for ADMIN only, behind a guard that refuses
 * expressions in queries; the portal uses form login, scripts and curl use HTTP Basic on /api/**.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return org.kcyj.identity.PasswordHashing.encoder();
    }

    /** Camunda's own surfaces: only administrators, and never an expression in a query. */
    @Bean
    @Order(1)
    SecurityFilterChain camunda(HttpSecurity http, ProblemEntryPoint problemEntryPoint) throws Exception {
        http.securityMatcher(new OrRequestMatcher(new AntPathRequestMatcher("/engine-rest/**"),
                        new AntPathRequestMatcher("/camunda/**")))
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole(Role.ADMIN.name()))
                .httpBasic(basic -> basic.authenticationEntryPoint(problemEntryPoint))
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(problemEntryPoint, new AntPathRequestMatcher("/engine-rest/**"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                new AntPathRequestMatcher("/camunda/**")))
                // The webapps carry their own CSRF protection; the REST API is used with Basic credentials.
                .csrf(csrf -> csrf.disable())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .addFilterAfter(new CamundaExpressionGuard(), BasicAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain application(HttpSecurity http, ProblemEntryPoint problemEntryPoint) throws Exception {
        RequestMatcher api = new AntPathRequestMatcher("/api/**");
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/", "/login", "/error", "/verify/**", "/calls/public", "/notices", "/guides/**",
                                "/webjars/**", "/css/**", "/js/**", "/favicon.ico", "/password/**", "/account/email-confirmation/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/api/v1/**", "/portal/**", "/logout").authenticated()
                        .anyRequest().denyAll())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/portal/inbox", false).permitAll()
                        .failureHandler(loginFailures()))
                .httpBasic(basic -> basic.authenticationEntryPoint(problemEntryPoint))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/?logout"))
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(problemEntryPoint, api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                request -> true)
                        .defaultAccessDeniedHandlerFor(problemEntryPoint, api))
                // A forged request rides on a session cookie: browsers need the token; scripts sending Basic
                // credentials, and API calls with no session at all (answered 401), carry nothing to ride on.
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(request ->
                        !isSafe(request.getMethod()) && !isBasic(request.getHeader("Authorization"))
                                && !(api.matches(request) && request.getSession(false) == null)))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** A throttled account is told so; any other failure gets the same message whatever its cause. */
    private static ExceptionMappingAuthenticationFailureHandler loginFailures() {
        ExceptionMappingAuthenticationFailureHandler handler = new ExceptionMappingAuthenticationFailureHandler();
        handler.setDefaultFailureUrl("/login?error");
        handler.setExceptionMappings(java.util.Map.of(LockedException.class.getName(), "/login?locked"));
        return handler;
    }

    private static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    private static boolean isSafe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE");
    }
}

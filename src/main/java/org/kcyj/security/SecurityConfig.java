package org.kcyj.security;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.kcyj.identity.Role;
import org.kcyj.identity.SingleSignOnLogin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Deny by default. Three ways in, each with one kind of credential:
 * <ul>
 * <li>Camunda's REST API (/engine-rest/**): HTTP Basic in every request, no session read or created;
 * Camunda's webapps (/camunda/**): the portal session only (administrators sign in once, at the portal).
 * Both for ADMIN only, behind a guard that refuses expressions in queries.</li>
 * <li>Scripts and curl on /api/**: a request carrying {@code Authorization: Basic} is authenticated by that
 * header alone, statelessly; it needs no CSRF token because it rides on nothing a browser keeps, except
 * cached Basic credentials, so a state-changing one whose Origin or Sec-Fetch-Site names another site is
 * refused.</li>
 * <li>Everything else (portal pages, /login, /logout, the API used from a session): the session, with the
 * CSRF token required for every change, whatever Authorization header the request carries. The session comes
 * from the password form, or from the government single sign-on when one is configured ({@link SingleSignOnLogin}).</li>
 * </ul>
 * No response ever carries a {@code WWW-Authenticate: Basic} challenge: a browser that answered one would
 * keep sending the credentials, and curl and scripts send them without being asked.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    private static final RequestMatcher ENGINE_REST = new AntPathRequestMatcher("/engine-rest/**");
    private static final RequestMatcher WEBAPPS = new AntPathRequestMatcher("/camunda/**");
    private static final RequestMatcher API = new AntPathRequestMatcher("/api/**");

    @Bean
    PasswordEncoder passwordEncoder() {
        return org.kcyj.identity.PasswordHashing.encoder();
    }

    /**
     * Camunda's own surfaces: only administrators, and never an expression in a query. The REST API takes
     * Basic credentials only and keeps no session; the webapps take the portal session only.
     */
    @Bean
    @Order(1)
    SecurityFilterChain camunda(HttpSecurity http, ProblemEntryPoint problemEntryPoint) throws Exception {
        SecurityContextRepository contexts = new PathSecurityContextRepository();
        HttpSessionRequestCache webappRequests = new HttpSessionRequestCache();
        webappRequests.setRequestMatcher(WEBAPPS);
        http.securityMatcher(new OrRequestMatcher(ENGINE_REST, WEBAPPS))
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole(Role.ADMIN.name()))
                .securityContext(c -> c.securityContextRepository(contexts))
                .requestCache(cache -> cache.requestCache(webappRequests))
                .httpBasic(basic -> basic.authenticationEntryPoint(problemEntryPoint)
                        .securityContextRepository(new RequestAttributeSecurityContextRepository())
                        .withObjectPostProcessor(basicOnlyFor(ENGINE_REST)))
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(problemEntryPoint, ENGINE_REST)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), WEBAPPS)
                        // refusals go to the error page, which answers the REST API with a problem document
                        .accessDeniedHandler(new AccessDeniedHandlerImpl()))
                // The webapps carry their own CSRF protection (Camunda's X-XSRF-TOKEN on /camunda/api/**); the REST
                // API authenticates every request by its own Basic header, refused when it comes from another site.
                .csrf(csrf -> csrf.disable())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .addFilterBefore(new CrossSiteBasicFilter(problemEntryPoint), BasicAuthenticationFilter.class)
                .addFilterAfter(new CamundaExpressionGuard(http.getSharedObject(org.springframework.context.ApplicationContext.class)), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** The API calls anyone may make without signing in: registering a person and confirming the registration. */
    static final String[] PUBLIC_API = {"/api/v1/registrations", "/api/v1/registrations/verification"};

    /** Scripts and curl: /api/** with Basic credentials in the request, nothing kept between requests. */
    @Bean
    @Order(2)
    SecurityFilterChain apiWithBasicCredentials(HttpSecurity http, ProblemEntryPoint problemEntryPoint) throws Exception {
        http.securityMatcher(new AndRequestMatcher(API, request -> isBasic(request.getHeader("Authorization"))))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/v1/**").authenticated()
                        .anyRequest().denyAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(problemEntryPoint))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(problemEntryPoint).accessDeniedHandler(problemEntryPoint))
                // Authenticated by this request's own header: no session, so no token; a forged cross-site request
                // riding on credentials a browser cached is refused by its Origin or Sec-Fetch-Site.
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(new CrossSiteBasicFilter(problemEntryPoint), BasicAuthenticationFilter.class)
                .headers(h -> h.frameOptions(f -> f.deny()));
        return http.build();
    }

    /** The portal and everything else: the session from form login, and the CSRF token for every change. */
    @Bean
    @Order(3)
    SecurityFilterChain application(HttpSecurity http, ProblemEntryPoint problemEntryPoint,
                                    ObjectProvider<SingleSignOnLogin> singleSignOn) throws Exception {
        SingleSignOnLogin sso = singleSignOn.getIfAvailable();
        http.authorizeHttpRequests(auth -> auth
                        // the single sign-on's start, return and refusal page, only when a provider is configured
                        .requestMatchers(request -> sso != null && sso.handles(request)).permitAll()
                        .requestMatchers("/", "/login", "/error", "/verify/**", "/calls/public", "/notices", "/guides/**",
                                "/password/**", "/account/email-confirmation/**", "/register", "/register/**", "/privacy",
                                "/webjars/**", "/css/**", "/js/**", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                        .requestMatchers(HttpMethod.POST, PUBLIC_API).permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/api/v1/**", "/portal/**", "/logout").authenticated()
                        .anyRequest().denyAll())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/portal/inbox", false).permitAll()
                        .failureHandler(loginFailures()))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/?logout"))
                .exceptionHandling(ex -> ex
                        // a browser opening an /api address while signed out is sent to the login page; programs get 401
                        .defaultAuthenticationEntryPointFor(problemEntryPoint,
                                new AndRequestMatcher(API, request -> !ProblemEntryPoint.isBrowserNavigation(request)))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                request -> true)
                        .defaultAccessDeniedHandlerFor(problemEntryPoint, API)
                        .defaultAccessDeniedHandlerFor(new AccessDeniedHandlerImpl(), request -> true))
                // Every change made with the session needs the token: portal forms, login, logout and API calls alike.
                // An Authorization header changes nothing here (this chain reads no credentials from it).
                // Registering and confirming a registration act for nobody signed in: scripts call them without a session.
                .csrf(csrf -> csrf.ignoringRequestMatchers(request -> "POST".equals(request.getMethod())
                        && java.util.Arrays.asList(PUBLIC_API).contains(request.getRequestURI()
                                .substring(request.getContextPath().length()))))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        if (sso != null) {
            sso.configure(http, "/login", "/portal/inbox");
        }
        return http.build();
    }

    /** A throttled sign-in is told how long to wait; any other failure gets the same message whatever its cause. */
    private static ExceptionMappingAuthenticationFailureHandler loginFailures() {
        ExceptionMappingAuthenticationFailureHandler handler = new ExceptionMappingAuthenticationFailureHandler() {
            @Override
            public void onAuthenticationFailure(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                    org.springframework.security.core.AuthenticationException exception)
                    throws java.io.IOException, jakarta.servlet.ServletException {
                if (exception instanceof LoginDelayedException delayed) {
                    getRedirectStrategy().sendRedirect(request, response, "/login?wait=" + delayed.seconds());
                    return;
                }
                super.onAuthenticationFailure(request, response, exception);
            }
        };
        handler.setDefaultFailureUrl("/login?error");
        handler.setExceptionMappings(java.util.Map.of(LockedException.class.getName(), "/login?locked"));
        return handler;
    }

    /** The Basic filter of Camunda's chain reads credentials on these requests only (the webapps use the session). */
    private static ObjectPostProcessor<BasicAuthenticationFilter> basicOnlyFor(RequestMatcher requests) {
        return new ObjectPostProcessor<>() {
            @Override
            public <O extends BasicAuthenticationFilter> O postProcess(O filter) {
                BasicAuthenticationConverter basic = new BasicAuthenticationConverter();
                filter.setAuthenticationConverter(request -> requests.matches(request) ? basic.convert(request) : null);
                return filter;
            }
        };
    }

    /** The REST API keeps no security context between requests; the webapps keep the portal's session. */
    private static final class PathSecurityContextRepository implements SecurityContextRepository {
        private final HttpSessionSecurityContextRepository session = new HttpSessionSecurityContextRepository();
        private final RequestAttributeSecurityContextRepository request = new RequestAttributeSecurityContextRepository();

        @Override
        @SuppressWarnings("deprecation")
        public org.springframework.security.core.context.SecurityContext loadContext(
                org.springframework.security.web.context.HttpRequestResponseHolder holder) {
            return pick(holder.getRequest()).loadContext(holder);
        }

        private SecurityContextRepository pick(HttpServletRequest http) {
            return WEBAPPS.matches(http) ? session : request;
        }

        @Override
        public org.springframework.security.core.context.DeferredSecurityContext loadDeferredContext(HttpServletRequest http) {
            return pick(http).loadDeferredContext(http);
        }

        @Override
        public void saveContext(org.springframework.security.core.context.SecurityContext context, HttpServletRequest http,
                                jakarta.servlet.http.HttpServletResponse response) {
            pick(http).saveContext(context, http, response);
        }

        @Override
        public boolean containsContext(HttpServletRequest http) {
            return pick(http).containsContext(http);
        }
    }

    static boolean isBasic(String authorization) {
        return authorization != null && authorization.length() >= 6
                && authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ");
    }
}

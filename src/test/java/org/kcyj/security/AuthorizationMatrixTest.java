package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.kcyj.identity.UserDirectory;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every /api endpoint the application serves × every role (and anonymous) × their own resource and
 * someone else's, each against the answer the access rules promise. The endpoint list comes from the
 * application itself: an endpoint without a rule here fails the test.
 */
@IntegrationTest
class AuthorizationMatrixTest {

    /** What a request may get: allowed (anything but 401/403/404), refused for the role, or hidden. */
    enum Outcome { ALLOWED, ALLOWED_OR_MISSING, FORBIDDEN, HIDDEN, UNAUTHENTICATED }

    enum Who { ANONYMOUS, APPLICANT, UNIT_ADMIN, DEMAND_OWNER, REVIEWER, PROGRAM_MANAGER, DIRECTOR, ADMIN }

    /**
     * Who an endpoint's answer depends on: the role alone (refused 403 to other roles), nobody (public: the same
     * answer signed in or not), or a unit (hidden, 404, from anyone not of the unit, whatever their role; with
     * {@code UNIT_AND_BUREAU} the bureau's administrators reach every unit's).
     */
    enum Scope { ROLE, PUBLIC, UNIT, UNIT_AND_BUREAU }

    /** The rule of one endpoint: which roles may call it, and whether the resource must be theirs. */
    record Rule(Set<Who> roles, boolean owned, Scope scope) {
        static Rule anyone() {
            return new Rule(EnumSet.range(Who.APPLICANT, Who.ADMIN), false, Scope.ROLE);
        }

        static Rule only(Who... roles) {
            return new Rule(EnumSet.copyOf(List.of(roles)), false, Scope.ROLE);
        }

        static Rule owned(Who... roles) {
            return new Rule(EnumSet.copyOf(List.of(roles)), true, Scope.ROLE);
        }

        static Rule everyone() {
            return new Rule(EnumSet.allOf(Who.class), false, Scope.PUBLIC);
        }

        /** Only for these roles of the unit (of the person, for one's own affiliation); 404 to everyone else. */
        static Rule ofUnit(Who... roles) {
            return new Rule(roles.length == 0 ? EnumSet.noneOf(Who.class) : EnumSet.copyOf(List.of(roles)), true, Scope.UNIT);
        }

        /** As {@link #ofUnit}, and the bureau's administrators for any unit. */
        static Rule ofUnitAndBureau(Who... roles) {
            return new Rule(EnumSet.copyOf(List.of(roles)), true, Scope.UNIT_AND_BUREAU);
        }
    }

    private static final Set<Who> STAFF = EnumSet.of(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN);
    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        RULES.put("GET /api/v1/calls", Rule.anyone());
        RULES.put("GET /api/v1/calls/{id}", Rule.anyone());
        RULES.put("POST /api/v1/calls", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("PUT /api/v1/calls/{id}", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("GET /api/v1/calls/{id}/topics", Rule.anyone());
        RULES.put("POST /api/v1/calls/{id}/topics", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("PUT /api/v1/calls/{id}/topics/{topicId}", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("DELETE /api/v1/calls/{id}/topics/{topicId}", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("GET /api/v1/calls/{id}/demands", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("POST /api/v1/calls/{id}/demands", Rule.only(Who.DEMAND_OWNER));
        RULES.put("GET /api/v1/calls/{id}/guide", Rule.anyone());
        RULES.put("POST /api/v1/calls/{id}/guide", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("POST /api/v1/calls/{id}/guide/approval", Rule.only(Who.DIRECTOR));
        RULES.put("GET /api/v1/demands", Rule.only(Who.DEMAND_OWNER, Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("GET /api/v1/demands/{number}", Rule.owned(Who.DEMAND_OWNER, Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("POST /api/v1/demands/{number}/withdrawal", Rule.owned(Who.DEMAND_OWNER));
        RULES.put("POST /api/v1/demands/{number}/rejection", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("POST /api/v1/demands/{number}/adoption", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("GET /api/v1/proposals", Rule.anyone());
        RULES.put("POST /api/v1/proposals", Rule.only(Who.APPLICANT));
        RULES.put("PUT /api/v1/proposals/{number}", Rule.owned(Who.APPLICANT));
        RULES.put("GET /api/v1/proposals/{number}", Rule.owned(Who.APPLICANT, Who.UNIT_ADMIN, Who.REVIEWER,
                Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN, Who.DEMAND_OWNER));
        RULES.put("GET /api/v1/projects/{number}", RULES.get("GET /api/v1/proposals/{number}"));
        RULES.put("GET /api/v1/proposals/{number}/content", RULES.get("GET /api/v1/proposals/{number}"));
        RULES.put("GET /api/v1/proposals/{number}/versions", RULES.get("GET /api/v1/proposals/{number}"));
        RULES.put("GET /api/v1/proposals/{number}/attachments", RULES.get("GET /api/v1/proposals/{number}"));
        RULES.put("GET /api/v1/proposals/{number}/attachments/{id}", RULES.get("GET /api/v1/proposals/{number}"));
        RULES.put("POST /api/v1/proposals/{number}/attachments", Rule.owned(Who.APPLICANT));
        RULES.put("DELETE /api/v1/proposals/{number}/attachments/{id}", Rule.owned(Who.APPLICANT));
        RULES.put("GET /api/v1/proposals/{number}/preview", Rule.owned(Who.APPLICANT));
        RULES.put("POST /api/v1/proposals/{number}/recall", Rule.owned(Who.APPLICANT));
        RULES.put("POST /api/v1/proposals/{number}/withdrawal", Rule.owned(Who.APPLICANT));
        RULES.put("POST /api/v1/proposals/{number}/extension", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("GET /api/v1/proposals/{number}/formal-check/findings", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("GET /api/v1/programmes", Rule.anyone());
        RULES.put("GET /api/v1/programmes/{code}/parameters", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("PUT /api/v1/programmes/{code}/parameters/{name}", Rule.only(Who.PROGRAM_MANAGER, Who.ADMIN));
        RULES.put("GET /api/v1/programmes/{code}/parameter-changes", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("GET /api/v1/integrity-records", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("POST /api/v1/integrity-records", Rule.only(Who.PROGRAM_MANAGER, Who.ADMIN));
        RULES.put("POST /api/v1/proposals/{number}/submission", Rule.owned(Who.APPLICANT));
        RULES.put("POST /api/v1/proposals/{number}/endorsement", Rule.owned(Who.UNIT_ADMIN));
        RULES.put("POST /api/v1/proposals/{number}/formal-check", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("POST /api/v1/proposals/{number}/reviewer-assignment", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("POST /api/v1/proposals/{number}/reviews", Rule.owned(Who.REVIEWER));
        RULES.put("GET /api/v1/proposals/{number}/reviews", Rule.owned(Who.REVIEWER, Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("POST /api/v1/proposals/{number}/funding-proposal", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("POST /api/v1/proposals/{number}/funding-approval", Rule.only(Who.DIRECTOR));
        RULES.put("GET /api/v1/notices", Rule.anyone());
        RULES.put("POST /api/v1/projects/{number}/task-book", Rule.owned(Who.APPLICANT));
        RULES.put("POST /api/v1/projects/{number}/task-book/confirmation", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("POST /api/v1/projects/{number}/milestones/{seq}/report", Rule.owned(Who.APPLICANT));
        RULES.put("POST /api/v1/projects/{number}/milestones/{seq}/check", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("POST /api/v1/projects/{number}/acceptance-application", Rule.owned(Who.APPLICANT));
        RULES.put("POST /api/v1/projects/{number}/acceptance", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("GET /api/v1/me/tasks", Rule.anyone());
        RULES.put("GET /api/v1/documents/{number}", Rule.owned(Who.APPLICANT, Who.UNIT_ADMIN, Who.REVIEWER,
                Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN, Who.DEMAND_OWNER));
        RULES.put("GET /api/v1/documents/{number}/metadata", RULES.get("GET /api/v1/documents/{number}"));
        RULES.put("GET /api/v1/timers", Rule.only(Who.ADMIN));
        RULES.put("POST /api/v1/timers/{id}/execution", Rule.only(Who.ADMIN));
        RULES.put("GET /api/v1/admin/mail-outbox", Rule.only(Who.ADMIN));
        RULES.put("GET /api/v1/audit-events", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("GET /api/v1/audit-events/verification", Rule.only(Who.ADMIN));
        RULES.put("POST /api/v1/calls/{callId}/reviewer-draws", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("POST /api/v1/reviewer-draws/{drawId}/application", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("GET /api/v1/reviewer-draws/{drawId}", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("GET /api/v1/calls/{callId}/review-ranking", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("POST /api/v1/calls/{callId}/review-summary", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("POST /api/v1/calls/{callId}/panels", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("GET /api/v1/panels/{panelId}", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN, Who.REVIEWER));
        RULES.put("GET /api/v1/panels/{panelId}/ballot", Rule.only(Who.REVIEWER));
        RULES.put("POST /api/v1/panels/{panelId}/votes", Rule.only(Who.REVIEWER));
        RULES.put("GET /api/v1/proposals/{number}/conflicts", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("POST /api/v1/proposals/{number}/conflict-waivers", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("GET /api/v1/proposals/{number}/invitations", Rule.only(Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("POST /api/v1/proposals/{number}/pool-shortfall", Rule.only(Who.PROGRAM_MANAGER));
        RULES.put("GET /api/v1/review-invitations", Rule.only(Who.REVIEWER));
        RULES.put("GET /api/v1/proposals/{number}/invitation", Rule.owned(Who.REVIEWER));
        RULES.put("POST /api/v1/proposals/{number}/invitation", Rule.owned(Who.REVIEWER));
        RULES.put("GET /api/v1/proposals/{number}/review-form", Rule.owned(Who.REVIEWER));
        RULES.put("POST /api/v1/proposals/{number}/review-draft", Rule.owned(Who.REVIEWER));
        RULES.put("GET /api/v1/proposals/{number}/opinions", Rule.owned(Who.APPLICANT, Who.PROGRAM_MANAGER, Who.DIRECTOR, Who.ADMIN));
        RULES.put("POST /api/v1/proposals/{number}/opinions/{opinion}/rating", Rule.owned(Who.APPLICANT));
        RULES.put("GET /api/v1/experts", Rule.only(Who.PROGRAM_MANAGER, Who.ADMIN));
        RULES.put("GET /api/v1/experts/{username}", Rule.only(Who.PROGRAM_MANAGER, Who.ADMIN));
        RULES.put("PUT /api/v1/experts/{username}", Rule.only(Who.PROGRAM_MANAGER, Who.ADMIN));
        RULES.put("POST /api/v1/experts/import", Rule.only(Who.PROGRAM_MANAGER, Who.ADMIN));
        RULES.put("PUT /api/v1/experts/{username}/availability", Rule.only(Who.PROGRAM_MANAGER, Who.ADMIN));
        RULES.put("GET /api/v1/experts/{username}/record", Rule.only(Who.PROGRAM_MANAGER, Who.ADMIN));
        // one's own account: an empty body is refused (400), so no password changes
        RULES.put("POST /api/v1/me/password", Rule.anyone());
        // accounts and organisations. Registering and confirming are public; an empty body is refused (400), so
        // nobody is registered
        RULES.put("POST /api/v1/registrations", Rule.everyone());
        RULES.put("POST /api/v1/registrations/verification", Rule.everyone());
        RULES.put("GET /api/v1/me", Rule.anyone());
        RULES.put("GET /api/v1/me/affiliations", Rule.anyone());
        RULES.put("POST /api/v1/me/affiliations", Rule.anyone());
        RULES.put("GET /api/v1/me/data", Rule.anyone());
        // an empty body (no current password) is refused (400): nobody is erased
        RULES.put("POST /api/v1/me/erasure", Rule.anyone());
        // {id}: the own affiliation is applicant1's at unitadmin1's unit, the other one a person's at another unit;
        // both are confirmed, so deciding or withdrawing them is refused (409) and ending them needs a reason (400)
        RULES.put("POST /api/v1/affiliations/{id}/confirmation", Rule.ofUnit(Who.UNIT_ADMIN));
        RULES.put("POST /api/v1/affiliations/{id}/refusal", Rule.ofUnit(Who.UNIT_ADMIN));
        RULES.put("POST /api/v1/affiliations/{id}/end", Rule.ofUnitAndBureau(Who.APPLICANT, Who.UNIT_ADMIN));
        RULES.put("POST /api/v1/affiliations/{id}/withdrawal", Rule.ofUnit(Who.APPLICANT));
        // approved units are listed to anyone, to ask to join; staff decide on units and do not register them
        RULES.put("GET /api/v1/units", Rule.anyone());
        RULES.put("POST /api/v1/units", Rule.only(Who.APPLICANT, Who.UNIT_ADMIN, Who.DEMAND_OWNER, Who.REVIEWER));
        // {id}: the own unit is applicant1's and unitadmin1's, the other one the institute
        RULES.put("GET /api/v1/units/{id}", Rule.ofUnitAndBureau(Who.UNIT_ADMIN));
        // only the one who registered a unit corrects it (see expected())
        RULES.put("PUT /api/v1/units/{id}", Rule.ofUnit());
        RULES.put("POST /api/v1/units/{id}/approval", Rule.only(Who.ADMIN));
        RULES.put("POST /api/v1/units/{id}/return", Rule.only(Who.ADMIN));
        RULES.put("GET /api/v1/units/{id}/members", Rule.ofUnitAndBureau(Who.UNIT_ADMIN));
        RULES.put("POST /api/v1/units/{id}/administrators", Rule.ofUnit(Who.UNIT_ADMIN));
        RULES.put("GET /api/v1/affiliation-requests", Rule.only(Who.ADMIN));
        // the bureau's staff and accounts; empty bodies are refused (400), so nothing changes
        RULES.put("GET /api/v1/people", Rule.only(Who.ADMIN));
        RULES.put("GET /api/v1/people/{username}", Rule.only(Who.ADMIN));
        RULES.put("GET /api/v1/people/{username}/history", Rule.only(Who.ADMIN));
        RULES.put("PUT /api/v1/people/{username}/roles", Rule.only(Who.ADMIN));
        RULES.put("POST /api/v1/people/{username}/deactivation", Rule.only(Who.ADMIN));
        RULES.put("POST /api/v1/people/{username}/reactivation", Rule.only(Who.ADMIN));
        RULES.put("POST /api/v1/staff", Rule.only(Who.ADMIN));
        RULES.put("POST /api/v1/programmes", Rule.only(Who.ADMIN));
    }

    private static final Map<Who, String> USERS = Map.of(Who.APPLICANT, "applicant1", Who.UNIT_ADMIN, "unitadmin1",
            Who.DEMAND_OWNER, "enterprise1", Who.REVIEWER, "reviewer1", Who.PROGRAM_MANAGER, "manager1",
            Who.DIRECTOR, "director", Who.ADMIN, "admin");

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    UserDirectory users;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void everyEndpointAnswersEveryRoleAsTheRulesSay() {
        Set<String> served = servedApiEndpoints();
        assertThat(RULES.keySet()).as("every /api endpoint needs a rule in this test").containsAll(served);

        Fixtures f = fixtures();
        List<String> unexpected = new ArrayList<>();
        int cases = 0;
        for (String endpoint : served) {
            Rule rule = RULES.get(endpoint);
            for (Who who : Who.values()) {
                for (boolean own : new boolean[] {true, false}) {
                    String path = fill(endpoint.substring(endpoint.indexOf(' ') + 1), own ? f.own : f.other, f);
                    HttpMethod method = HttpMethod.valueOf(endpoint.substring(0, endpoint.indexOf(' ')));
                    Api api = who == Who.ANONYMOUS ? Api.anonymous(port) : Api.as(port, USERS.get(who));
                    int status = endpoint.equals("POST /api/v1/proposals/{number}/attachments")
                            ? api.upload(path, "matrix.pdf", org.kcyj.support.Applications.pdf(1)).status()
                            // the header alone: refused as empty by those allowed, so nothing is imported
                            : endpoint.equals("POST /api/v1/experts/import")
                            ? api.upload(path, "matrix.csv", "username,name,email,discipline_codes\r\n"
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).status()
                            : api.exchange(method, path, method == HttpMethod.GET ? null : Map.of()).status();
                    Outcome expected = expected(endpoint, rule, who, own);
                    cases++;
                    if (!matches(expected, status)) {
                        unexpected.add(endpoint + " as " + who + (own ? " (own)" : " (other's)") + ": expected "
                                + expected + ", got " + status);
                    }
                }
            }
        }
        assertThat(unexpected).as(cases + " cases").isEmpty();
        assertThat(cases).isEqualTo(served.size() * Who.values().length * 2);
    }

    private static Outcome expected(String endpoint, Rule rule, Who who, boolean own) {
        if (rule.scope() == Scope.PUBLIC) {
            return Outcome.ALLOWED;
        }
        if (who == Who.ANONYMOUS) {
            return Outcome.UNAUTHENTICATED;
        }
        if ((endpoint.endsWith("/affiliations/{id}/confirmation") || endpoint.endsWith("/affiliations/{id}/refusal"))
                && who == Who.ADMIN) {
            // the other unit (the institute, entered by the bureau) has no administrator: the bureau decides on its
            // people; the own unit has one, who alone decides
            return own ? Outcome.HIDDEN : Outcome.ALLOWED;
        }
        if (endpoint.equals("PUT /api/v1/units/{id}")) {
            // its registrant corrects a unit (refused, 409, unless returned): unitadmin1 registered the own unit,
            // the bureau entered the other one
            return (own && who == Who.UNIT_ADMIN) || (!own && who == Who.ADMIN) ? Outcome.ALLOWED : Outcome.HIDDEN;
        }
        if (rule.scope() == Scope.UNIT || rule.scope() == Scope.UNIT_AND_BUREAU) {
            if (rule.scope() == Scope.UNIT_AND_BUREAU && who == Who.ADMIN) {
                return Outcome.ALLOWED;
            }
            return own && rule.roles().contains(who) ? Outcome.ALLOWED : Outcome.HIDDEN;
        }
        if (!rule.roles().contains(who)) {
            return Outcome.FORBIDDEN;
        }
        if (endpoint.startsWith("POST /api/v1/timers/") || endpoint.contains("/milestones/")
                || endpoint.contains("/attachments/{id}") || endpoint.contains("{drawId}") || endpoint.contains("{panelId}")) {
            return own || !rule.owned() ? Outcome.ALLOWED_OR_MISSING : Outcome.HIDDEN;
        }
        if (!rule.owned() || STAFF.contains(who)) {
            return Outcome.ALLOWED;
        }
        // The other proposal belongs to another applicant, in another unit, with no reviewer assigned;
        // a demand owner has no proposals of its own. Demands: the own one is enterprise1's unit's.
        if (endpoint.contains("/api/v1/demands/")) {
            return own && who == Who.DEMAND_OWNER ? Outcome.ALLOWED : Outcome.HIDDEN;
        }
        return own && who != Who.DEMAND_OWNER ? Outcome.ALLOWED : Outcome.HIDDEN;
    }

    private static boolean matches(Outcome expected, int status) {
        return switch (expected) {
            case ALLOWED -> status != 401 && status != 403 && status != 404 && status < 500;
            case ALLOWED_OR_MISSING -> status != 401 && status != 403 && status < 500;
            case FORBIDDEN -> status == 403;
            case HIDDEN -> status == 404;
            case UNAUTHENTICATED -> status == 401;
        };
    }

    private Set<String> servedApiEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/"))
                .forEach(p -> info.getMethodsCondition().getMethods()
                        .forEach(m -> endpoints.add(m.name() + " " + p))));
        return endpoints;
    }

    /** Proposals, the open call and its topic, and demands of enterprise1's unit and of another unit. */
    record Fixtures(String own, String other, long callId, long topicId, String ownDemand, String otherDemand,
                    long ownUnit, long otherUnit, long ownAffiliation, long otherAffiliation) {
    }

    /** applicant1's proposal under review by reviewer1; another unit's applicant's proposal, just endorsed-pending. */
    private Fixtures fixtures() {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("权限矩阵批次", 15);
        String own = scenario.submitted("applicant1", call);
        scenario.underReview(own);
        String other = scenario.submitted(Scenario.otherUnitApplicant(users, "matrix-applicant"), call);
        long collecting = scenario.collectingCall("权限矩阵征集批次", 10);
        Scenario.rdSpend(jdbc, "宁波示范新材料有限公司", 500);
        String ownDemand = scenario.submitDemand("enterprise1", collecting, "权限矩阵需求");
        String otherDemand = scenario.submitDemand(Scenario.demandOwner(users, jdbc, "matrix-owner", "矩阵出题科技有限公司", 500),
                collecting, "其他单位需求");
        long university = users.find("applicant1").orElseThrow().unitId();
        long institute = users.unitByName("甬江新材料研究院").orElseThrow();
        return new Fixtures(own, other, call, scenario.topicOf(call), ownDemand, otherDemand, university, institute,
                confirmedAffiliation("applicant1", university), confirmedAffiliation("matrix-applicant", institute));
    }

    /** A confirmed APPLICANT affiliation of the person at the unit, as its administrator would have confirmed it. */
    private long confirmedAffiliation(String username, long unit) {
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        jdbc.sql("""
                        insert into app.affiliation (username, unit_id, role, status, requested_by, requested_at, decided_by,
                            decided_at) values (?, ?, 'APPLICANT', 'CONFIRMED', ?, ?, 'admin', ?)""")
                .params(username, unit, username, now, now).update();
        return jdbc.sql("select max(id) from app.affiliation where username = ? and unit_id = ?").params(username, unit)
                .query(Long.class).single();
    }

    private static String fill(String pattern, String number, Fixtures f) {
        if (pattern.startsWith("/api/v1/demands/")) {
            number = number.equals(f.own()) ? f.ownDemand() : f.otherDemand();
        }
        boolean own = number.equals(f.own());
        if (pattern.startsWith("/api/v1/units/")) {
            return pattern.replace("{id}", String.valueOf(own ? f.ownUnit() : f.otherUnit()));
        }
        if (pattern.startsWith("/api/v1/affiliations/")) {
            return pattern.replace("{id}", String.valueOf(own ? f.ownAffiliation() : f.otherAffiliation()));
        }
        return pattern.replace("{number}", pattern.contains("/documents/") ? number + "-SBS-1" : number)
                .replace("{topicId}", String.valueOf(f.topicId()))
                .replace("{id}", pattern.contains("/timers/") ? "no-such-timer" : String.valueOf(f.callId()))
                .replace("{seq}", "1")
                .replace("{code}", "XCL")
                .replace("{name}", "youth.age-limit")
                .replace("{username}", "reviewer1")
                .replace("{callId}", String.valueOf(f.callId()))
                .replace("{drawId}", "999999")
                .replace("{panelId}", "999999")
                .replace("{opinion}", "1");
    }
}

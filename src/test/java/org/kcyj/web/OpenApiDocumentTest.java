package org.kcyj.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The OpenAPI document describes every step's request body with the step's own Camunda Form. */
@IntegrationTest
class OpenApiDocumentTest {
    /**
     * Requests whose bodies are not a form: starting a draft (call id plus draft fields), firing a timer, files,
     * the expert pool (a profile with lists and rows, described by its own schema), and peer review's acts
     * that carry a seed, a waiver or a rating rather than a step's form; accounts and organisations.
     */
    private static final Set<String> NOT_FORMS = Set.of("POST /api/v1/proposals", "POST /api/v1/timers/{id}/execution",
            "POST /api/v1/proposals/{number}/recall", "POST /api/v1/proposals/{number}/attachments",
            "PUT /api/v1/experts/{username}", "PUT /api/v1/experts/{username}/availability",
            "POST /api/v1/experts/import", "POST /api/v1/calls/{callId}/reviewer-draws",
            "POST /api/v1/reviewer-draws/{drawId}/application", "POST /api/v1/calls/{callId}/review-summary",
            "POST /api/v1/calls/{callId}/panels", "POST /api/v1/proposals/{number}/conflict-waivers",
            "POST /api/v1/proposals/{number}/opinions/{opinion}/rating",
            "POST /api/v1/me/password",
            // accounts and organisations (docs/accounts.md): bodies described by their own schemas
            "POST /api/v1/registrations", "POST /api/v1/registrations/verification", "POST /api/v1/me/affiliations",
            "POST /api/v1/me/erasure", "POST /api/v1/affiliations/{id}/confirmation",
            "POST /api/v1/affiliations/{id}/refusal", "POST /api/v1/affiliations/{id}/end",
            "POST /api/v1/affiliations/{id}/withdrawal", "POST /api/v1/units", "PUT /api/v1/units/{id}",
            "POST /api/v1/units/{id}/approval", "POST /api/v1/units/{id}/return",
            "POST /api/v1/units/{id}/administrators", "POST /api/v1/staff", "PUT /api/v1/people/{username}/roles",
            "POST /api/v1/people/{username}/deactivation", "POST /api/v1/people/{username}/reactivation",
            "POST /api/v1/programmes");

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    @SuppressWarnings("unchecked")
    void everyStepsBodyIsItsFormsSchema() {
        Map<String, Object> doc = Api.anonymous(port).get("/v3/api-docs").json();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        Map<String, String> forms = FormSchemas.forms(mappings);
        int described = 0;
        for (var path : paths.entrySet()) {
            for (String method : List.of("post", "put")) {
                Map<String, Object> operation = (Map<String, Object>) path.getValue().get(method);
                String key = method.toUpperCase() + " " + path.getKey();
                if (operation == null || NOT_FORMS.contains(key)) {
                    continue;
                }
                assertThat(forms).as(key + " needs its form").containsKey(key);
                assertThat(operation.get("requestBody").toString())
                        .contains("#/components/schemas/" + forms.get(key));
                described++;
            }
        }
        assertThat(described).isEqualTo(forms.size());

        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
        Map<String, Object> submit = (Map<String, Object>) schemas.get("Form_SubmitProposal");
        assertThat((List<String>) submit.get("required")).contains("topicId", "title", "summary", "piName", "piIdNumber",
                "requestedBudget", "integrityPledge").doesNotContain("negativeListAcknowledged");
        assertThat(((Map<String, Object>) submit.get("properties")).keySet()).doesNotContain("unitName");
        Map<String, Object> endorse = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) schemas
                .get("Form_EndorseProposal")).get("properties")).get("decision");
        assertThat((List<String>) endorse.get("enum")).containsExactly("ENDORSE", "RETURN");
        assertThat(schemas.get("Form_DraftTaskBook").toString()).contains("milestones", "dueDate", "format=date");
    }
}

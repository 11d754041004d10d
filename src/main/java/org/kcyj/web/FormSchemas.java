package org.kcyj.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;

import org.kcyj.form.FormDefinition;
import org.kcyj.form.FormDefinitions;
import org.kcyj.form.FormField;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request bodies in the OpenAPI document are the steps' Camunda Forms, turned into JSON schemas:
 * the same definitions the portal renders and the server validates against.
 */
@Configuration
class FormSchemas {
    /** Which form each step's endpoint takes ("METHOD path" → form id). */
    static final Map<String, String> FORMS = withCallForms(Map.ofEntries(
            Map.entry("PUT /api/v1/proposals/{number}", "Form_SubmitProposal"),
            Map.entry("POST /api/v1/proposals/{number}/withdrawal", "Form_WithdrawProposal"),
            Map.entry("POST /api/v1/proposals/{number}/extension", "Form_ExtendDeadline"),
            Map.entry("POST /api/v1/integrity-records", "Form_RecordIntegrity"),
            Map.entry("PUT /api/v1/programmes/{code}/parameters/{name}", "Form_ChangeParameter"),
            Map.entry("POST /api/v1/proposals/{number}/submission", "Form_SubmitProposal"),
            Map.entry("POST /api/v1/proposals/{number}/endorsement", "Form_EndorseProposal"),
            Map.entry("POST /api/v1/proposals/{number}/formal-check", "Form_FormalCheck"),
            Map.entry("POST /api/v1/proposals/{number}/reviewer-assignment", "Form_AssignReviewers"),
            Map.entry("POST /api/v1/proposals/{number}/reviews", "Form_ReviewProposal"),
            Map.entry("POST /api/v1/proposals/{number}/review-draft", "Form_ReviewProposal"),
            Map.entry("POST /api/v1/proposals/{number}/invitation", "Form_RespondToInvitation"),
            Map.entry("POST /api/v1/proposals/{number}/pool-shortfall", "Form_ResolvePoolExhausted"),
            Map.entry("POST /api/v1/panels/{panelId}/votes", "Form_CastPanelVotes"),
            Map.entry("POST /api/v1/proposals/{number}/funding-proposal", "Form_ProposeFunding"),
            Map.entry("POST /api/v1/proposals/{number}/funding-approval", "Form_ApproveFunding"),
            Map.entry("POST /api/v1/projects/{number}/task-book", "Form_DraftTaskBook"),
            Map.entry("POST /api/v1/projects/{number}/task-book/confirmation", "Form_ConfirmTaskBook"),
            Map.entry("POST /api/v1/projects/{number}/milestones/{seq}/report", "Form_ReportMilestone"),
            Map.entry("POST /api/v1/projects/{number}/milestones/{seq}/check", "Form_CheckMilestone"),
            Map.entry("POST /api/v1/projects/{number}/acceptance-application", "Form_ApplyForAcceptance"),
            Map.entry("POST /api/v1/projects/{number}/acceptance", "Form_RecordAcceptance")));

    private static Map<String, String> withCallForms(Map<String, String> forms) {
        Map<String, String> all = new LinkedHashMap<>(forms);
        all.putAll(org.kcyj.call.CallForms.REQUEST_BODIES);
        return Map.copyOf(all);
    }

    @Bean
    OpenApiCustomizer formRequestBodies(FormDefinitions forms) {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new io.swagger.v3.oas.models.Components());
            }
            FORMS.values().stream().distinct().forEach(id -> openApi.getComponents().addSchemas(id, schema(forms.get(id))));
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                String form = FORMS.get(method.name() + " " + path);
                if (form != null) {
                    body(operation, form, method == PathItem.HttpMethod.PUT);
                }
            }));
        };
    }

    private static void body(Operation operation, String formId, boolean partial) {
        Schema<?> ref = new Schema<>().$ref("#/components/schemas/" + formId);
        String note = partial ? "Any subset of the fields of " + formId + " (a draft)." : "The fields of " + formId + ".";
        operation.requestBody(new RequestBody().required(!partial).description(note)
                .content(new Content().addMediaType("application/json", new MediaType().schema(ref))));
    }

    static Schema<?> schema(FormDefinition form) {
        ObjectSchema schema = new ObjectSchema();
        schema.description(form.heading() + " (Camunda Form " + form.id() + ")");
        fields(form.inputs(), schema);
        return schema;
    }

    private static void fields(List<FormField> fields, ObjectSchema schema) {
        Map<String, Schema> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (FormField field : fields) {
            if (!field.isInput()) {
                continue;
            }
            properties.put(field.key(), property(field));
            if (field.required()) {
                required.add(field.key());
            }
        }
        schema.setProperties(properties);
        if (!required.isEmpty()) {
            schema.setRequired(required);
        }
    }

    private static Schema<?> property(FormField field) {
        Schema<?> property;
        if (field.isList()) {
            ObjectSchema row = new ObjectSchema();
            fields(field.components(), row);
            property = new ArraySchema().items(row);
        } else if (field.isMultiValue()) {
            property = new ArraySchema().items(new StringSchema());
        } else if (field.type().equals("number")) {
            NumberSchema number = new NumberSchema();
            number.setMinimum(field.min());
            number.setMaximum(field.max());
            property = number;
        } else if (field.type().equals("datetime")) {
            property = new StringSchema().format(field.isDate() ? "date" : "date-time");
        } else {
            StringSchema text = new StringSchema();
            text.setMinLength(field.minLength());
            text.setMaxLength(field.maxLength());
            field.options().forEach(o -> text.addEnumItem(o.value()));
            property = text;
        }
        return property.description(field.label());
    }
}

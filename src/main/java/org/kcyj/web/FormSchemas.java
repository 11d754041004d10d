package org.kcyj.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
import org.kcyj.form.StepForm;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The request bodies in the OpenAPI document are the steps' Camunda Forms, turned into JSON schemas:
 * the same definitions the portal renders and the server validates against. Each step's endpoint names
 * its form with {@link StepForm}.
 */
@Configuration
class FormSchemas {
    /** Which form each step's endpoint takes ("METHOD path" → form id), as the endpoints declare it. */
    static Map<String, String> forms(RequestMappingHandlerMapping mappings) {
        Map<String, String> forms = new TreeMap<>();
        mappings.getHandlerMethods().forEach((mapping, handler) -> {
            StepForm form = handler.getMethodAnnotation(StepForm.class);
            if (form != null) {
                for (RequestMethod method : mapping.getMethodsCondition().getMethods()) {
                    for (String path : mapping.getPatternValues()) {
                        forms.put(method.name() + " " + path, form.value());
                    }
                }
            }
        });
        return forms;
    }

    @Bean
    OpenApiCustomizer formRequestBodies(FormDefinitions definitions,
                                        @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        return openApi -> {
            Map<String, String> forms = forms(mappings);
            if (openApi.getComponents() == null) {
                openApi.setComponents(new io.swagger.v3.oas.models.Components());
            }
            forms.values().stream().distinct().forEach(id -> openApi.getComponents().addSchemas(id, schema(definitions.get(id))));
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                String form = forms.get(method.name() + " " + path);
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

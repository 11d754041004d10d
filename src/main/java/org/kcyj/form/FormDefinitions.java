package org.kcyj.form;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/** Reads every Camunda Form under classpath forms/ once, by form id. */
@Component
public class FormDefinitions {
    private final Map<String, FormDefinition> byId = new HashMap<>();

    public FormDefinitions(ObjectMapper json) throws IOException {
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:forms/*.form");
        for (Resource resource : resources) {
            try (InputStream in = resource.getInputStream()) {
                FormDefinition form = parse(json.readTree(in));
                byId.put(form.id(), form);
            }
        }
    }

    public FormDefinition get(String formId) {
        FormDefinition form = byId.get(formId);
        if (form == null) {
            throw new IllegalArgumentException("No form " + formId);
        }
        return form;
    }

    public boolean contains(String formId) {
        return byId.containsKey(formId);
    }

    static FormDefinition parse(JsonNode root) {
        String heading = "";
        List<FormField> fields = new ArrayList<>();
        for (JsonNode c : root.path("components")) {
            if (c.path("type").asText().equals("text") && heading.isEmpty()) {
                heading = c.path("text").asText().replaceFirst("^#+\\s*", "");
            }
            fields.add(field(c));
        }
        return new FormDefinition(root.path("id").asText(), heading, List.copyOf(fields));
    }

    private static FormField field(JsonNode c) {
        JsonNode v = c.path("validate");
        List<FormField.Option> options = new ArrayList<>();
        for (JsonNode o : c.path("values")) {
            options.add(new FormField.Option(o.path("value").asText(), o.path("label").asText()));
        }
        List<FormField> children = new ArrayList<>();
        for (JsonNode child : c.path("components")) {
            children.add(field(child));
        }
        String key = c.hasNonNull("key") ? c.get("key").asText() : c.path("path").asText(c.path("id").asText());
        String label = c.hasNonNull("label") ? c.get("label").asText()
                : c.path("type").asText().equals("text") ? c.path("text").asText().replaceFirst("^#+\\s*", "")
                : c.path("dateLabel").asText("");
        return new FormField(key, c.path("type").asText(), text(c, "subtype"), label, text(c, "description"),
                v.path("required").asBoolean(false), c.path("disabled").asBoolean(false),
                integer(v, "minLength"), integer(v, "maxLength"), decimal(v, "min"), decimal(v, "max"),
                integer(c, "decimalDigits"), text(v, "pattern"), List.copyOf(options), text(c, "valuesKey"),
                List.copyOf(children));
    }

    private static String text(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).asText() : null;
    }

    private static Integer integer(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).asInt() : null;
    }

    private static BigDecimal decimal(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).decimalValue() : null;
    }
}

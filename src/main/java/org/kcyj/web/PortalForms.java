package org.kcyj.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kcyj.form.FormDefinition;
import org.kcyj.form.FormField;
import org.springframework.util.MultiValueMap;

/** Reads an HTML form post into the shape the form validator takes (lists and rows included). */
final class PortalForms {
    private static final Pattern ROW = Pattern.compile("^([A-Za-z0-9_]+)\\[(\\d{1,3})]\\.([A-Za-z0-9_]+)$");
    static final int MAX_ROWS = 50;

    private PortalForms() {
    }

    static Map<String, Object> read(FormDefinition form, MultiValueMap<String, String> params) {
        Map<String, Object> input = new HashMap<>();
        for (FormField field : form.inputs()) {
            if (field.isList()) {
                input.put(field.key(), rows(field.key(), params));
            } else if (field.isMultiValue()) {
                List<String> values = params.getOrDefault(field.key(), List.of());
                input.put(field.key(), values.stream().filter(v -> !v.isBlank()).toList());
            } else if (params.getFirst(field.key()) != null) {
                input.put(field.key(), params.getFirst(field.key()));
            }
        }
        return input;
    }

    /** Rows named list[i].field; rows left completely blank are dropped. */
    static List<Map<String, Object>> rows(String key, MultiValueMap<String, String> params) {
        Map<Integer, Map<String, Object>> byIndex = new java.util.TreeMap<>();
        params.forEach((name, values) -> {
            Matcher m = ROW.matcher(name);
            if (m.matches() && m.group(1).equals(key) && Integer.parseInt(m.group(2)) < MAX_ROWS && !values.isEmpty()) {
                byIndex.computeIfAbsent(Integer.parseInt(m.group(2)), i -> new LinkedHashMap<>())
                        .put(m.group(3), values.get(0));
            }
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        byIndex.values().stream()
                .filter(row -> row.values().stream().anyMatch(v -> v != null && !v.toString().isBlank()))
                .forEach(rows::add);
        return rows;
    }
}

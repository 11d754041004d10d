package org.kcyj.proposal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.kcyj.form.FormDefinitions;
import org.kcyj.form.FormField;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The full application form (Form_SubmitProposal) as stored: the form's values as JSON, written in
 * the form's field order so that the same content always gives the same SHA-256.
 */
@Component
class ApplicationContent {
    static final String FORM = ProposalService.FORM_SUBMIT;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Pattern LINE_BREAKS_AND_TABS = Pattern.compile("[\\r\\n\\t]+");

    private final ObjectMapper json;
    private final FormDefinitions definitions;
    private final FormValidator forms;

    ApplicationContent(ObjectMapper json, FormDefinitions definitions, FormValidator forms) {
        this.json = json.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
        this.definitions = definitions;
        this.forms = forms;
    }

    /** Keys the applicant fills in (the unit comes from the account, not the form). */
    List<String> inputKeys() {
        return definitions.get(FORM).inputs().stream().filter(FormField::isInput).map(FormField::key).toList();
    }

    String toJson(Map<String, Object> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Application content cannot be written", e);
        }
    }

    /** Typed values back from JSON (numbers as BigDecimal, as the validator gives them). */
    SubmittedForm fromJson(String stored, Map<String, List<FormField.Option>> choices) {
        if (stored == null || stored.isBlank()) {
            return new SubmittedForm(Map.of());
        }
        try {
            return forms.validatePartial(FORM, asNowAllowed(definitions.get(FORM).inputs(), json.readValue(stored, MAP)),
                    choices);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored application content is not JSON", e);
        }
    }

    /**
     * Content stored before single-line fields refused line breaks and tabs reads as it would be accepted now:
     * each run of them in a single-line field (also in a list's rows) becomes one space, so that no application
     * saved then becomes unreadable. Nothing else changes.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asNowAllowed(List<FormField> fields, Map<String, Object> values) {
        Map<String, Object> read = new LinkedHashMap<>(values);
        for (FormField field : fields) {
            Object value = read.get(field.key());
            if (field.isList() && value instanceof List<?> rows) {
                read.put(field.key(), rows.stream().map(row -> row instanceof Map<?, ?> cells
                        ? asNowAllowed(field.components(), (Map<String, Object>) cells) : row).toList());
            } else if ("textfield".equals(field.type()) && value instanceof String text) {
                read.put(field.key(), LINE_BREAKS_AND_TABS.matcher(text).replaceAll(" "));
            }
        }
        return read;
    }

    /** The stored values, with the applicant's changes on top (only the form's own keys count). */
    Map<String, Object> merge(SubmittedForm stored, Map<String, ?> changes) {
        Map<String, Object> merged = new LinkedHashMap<>(stored.values());
        if (changes != null) {
            List<String> keys = inputKeys();
            changes.forEach((key, value) -> {
                if (keys.contains(key)) {
                    merged.put(key, value);
                }
            });
        }
        return merged;
    }

    /** Values for display and JSON answers: numbers as plain strings so 10.50 stays 10.50. */
    static Map<String, Object> display(SubmittedForm form) {
        Map<String, Object> shown = new LinkedHashMap<>();
        form.values().forEach((key, value) -> shown.put(key, plain(value)));
        return shown;
    }

    private static Object plain(Object value) {
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ApplicationContent::plain).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        return value;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.kcyj.form;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Input that passed its form's validation, with values converted to their types. */
public record SubmittedForm(Map<String, Object> values) {

    public String text(String key) {
        Object v = values.get(key);
        return v == null ? null : v.toString();
    }

    public BigDecimal decimal(String key) {
        return (BigDecimal) values.get(key);
    }

    public Instant instant(String key) {
        return (Instant) values.get(key);
    }

    public LocalDate date(String key) {
        return (LocalDate) values.get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> texts(String key) {
        Object v = values.get(key);
        return v == null ? List.of() : (List<String>) v;
    }

    @SuppressWarnings("unchecked")
    public List<SubmittedForm> rows(String key) {
        Object v = values.get(key);
        return v == null ? List.of() : ((List<Map<String, Object>>) v).stream().map(SubmittedForm::new).toList();
    }
}

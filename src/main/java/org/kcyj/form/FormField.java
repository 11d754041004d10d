package org.kcyj.form;

import java.math.BigDecimal;
import java.util.List;

/**
 * One input of a Camunda Form (the subset of form-js components the product uses): its key, type,
 * label and the validation the form declares.
 */
public record FormField(String key, String type, String subtype, String label, String description, boolean required,
                        boolean disabled, Integer minLength, Integer maxLength, BigDecimal min, BigDecimal max,
                        Integer decimalDigits, String pattern, List<Option> options, String valuesKey,
                        List<FormField> components) {

    public record Option(String value, String label) {
    }

    public boolean isList() {
        return type.equals("dynamiclist");
    }

    public boolean isMultiValue() {
        return type.equals("taglist") || type.equals("checklist");
    }

    public boolean isChoice() {
        return type.equals("radio") || type.equals("select") || isMultiValue();
    }

    public boolean isDate() {
        return type.equals("datetime") && "date".equals(subtype);
    }

    public boolean isDateTime() {
        return type.equals("datetime") && !"date".equals(subtype);
    }

    public boolean isInput() {
        return !type.equals("text") && !disabled;
    }
}

package org.kcyj.form;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.springframework.stereotype.Component;

/**
 * Validates input against the Camunda Form that defines it, on the server, for the portal and the
 * REST API alike. Every problem is reported at once; nothing is stored when any is found.
 *
 * <p>Accepted values are kept trimmed ({@link String#trim}; what trimming leaves nothing of counts as
 * missing), numbers without exponent and with no more decimal places than the field has, dates and
 * times with four-digit years. Text takes no control characters or unpaired surrogates, and line breaks
 * and tabs only in a textarea; a check box takes true or false.
 */
@Component
public class FormValidator {
    /** Longer number texts are refused unread: the largest amount a form takes has a dozen digits. */
    static final int MAX_NUMBER_LENGTH = 40;

    private final FormDefinitions forms;

    public FormValidator(FormDefinitions forms) {
        this.forms = forms;
    }

    /** @param choices options for fields whose values come from data (valuesKey), by that key */
    public SubmittedForm validate(String formId, Map<String, ?> input, Map<String, List<FormField.Option>> choices) {
        Checked checked = check(formId, input, choices);
        if (!checked.problems().isEmpty()) {
            throw DomainException.invalid(checked.problems());
        }
        return checked.form();
    }

    /** The well-formed values and every problem, for callers that add problems of their own before refusing. */
    public record Checked(SubmittedForm form, List<FieldProblem> problems) {
    }

    public Checked check(String formId, Map<String, ?> input, Map<String, List<FormField.Option>> choices) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Object> values = validateFields(forms.get(formId).inputs(), input, choices, "", problems, false);
        return new Checked(new SubmittedForm(values), List.copyOf(problems));
    }

    public SubmittedForm validate(String formId, Map<String, ?> input) {
        return validate(formId, input, Map.of());
    }

    /**
     * For drafts: checks the fields that are present (format, length, range), in list rows too, and
     * requires none.
     */
    public SubmittedForm validatePartial(String formId, Map<String, ?> input) {
        return validatePartial(formId, input, Map.of());
    }

    public SubmittedForm validatePartial(String formId, Map<String, ?> input, Map<String, List<FormField.Option>> choices) {
        List<FormField> present = forms.get(formId).inputs().stream()
                .filter(f -> input != null && input.containsKey(f.key()))
                .toList();
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Object> values = validateFields(present, input, choices, "", problems, true);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        return new SubmittedForm(values);
    }

    private Map<String, Object> validateFields(List<FormField> fields, Map<String, ?> input,
                                               Map<String, List<FormField.Option>> choices, String prefix,
                                               List<FieldProblem> problems, boolean partial) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FormField field : fields) {
            if (!field.isInput()) {
                continue;
            }
            String name = prefix + field.key();
            Object raw = input == null ? null : input.get(field.key());
            Object value = field.isList() ? rows(field, raw, choices, name, problems, partial)
                    : convert(field, raw, choices, name, problems, partial);
            if (value != null) {
                values.put(field.key(), value);
            }
        }
        return values;
    }

    private Object rows(FormField field, Object raw, Map<String, List<FormField.Option>> choices, String name,
                        List<FieldProblem> problems, boolean partial) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof Collection<?> items)) {
            problems.add(new FieldProblem(name, "validation.list"));
            return null;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        int index = 0;
        boolean notRows = false;
        for (Object item : items) {
            String rowName = name + "[" + index++ + "].";
            if (item instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, ?> row = (Map<String, ?>) map;
                rows.add(validateFields(field.components(), row, choices, rowName, problems, partial));
            } else if (!notRows) {
                notRows = true;
                problems.add(new FieldProblem(name, "validation.list"));
            }
        }
        return rows;
    }

    private Object convert(FormField field, Object raw, Map<String, List<FormField.Option>> choices, String name,
                           List<FieldProblem> problems, boolean partial) {
        if (isBlank(raw)) {
            if (field.required() && !partial) {
                problems.add(new FieldProblem(name, "validation.required"));
            }
            return null;
        }
        if (field.isMultiValue()) {
            return multi(field, raw, choices, name, problems);
        }
        if (raw instanceof Collection<?> || raw instanceof Map<?, ?>) {
            problems.add(new FieldProblem(name, "validation.single"));
            return null;
        }
        String text = raw.toString().trim();
        switch (field.type()) {
            case "number" -> {
                return number(field, text, name, problems);
            }
            case "datetime" -> {
                Object parsed = field.isDate()
                        ? BusinessTime.parseDate(text).filter(d -> fourDigitYear(d.getYear())).orElse(null)
                        : BusinessTime.parseInstant(text).filter(t -> fourDigitYear(BusinessTime.zoned(t).getYear()))
                        .orElse(null);
                if (parsed == null) {
                    problems.add(new FieldProblem(name, field.isDate() ? "validation.date" : "validation.datetime"));
                }
                return parsed;
            }
            case "radio", "select" -> {
                if (!optionValues(field, choices).contains(text)) {
                    problems.add(new FieldProblem(name, "validation.option"));
                    return null;
                }
                return text;
            }
            case "checkbox" -> {
                boolean checked = Boolean.parseBoolean(text) || text.equals("on");
                if (!checked && !text.equalsIgnoreCase("false")) {
                    problems.add(new FieldProblem(name, "validation.boolean"));
                    return null;
                }
                if (!checked && field.required() && !partial) {
                    problems.add(new FieldProblem(name, "validation.required"));
                    return null;
                }
                return checked;
            }
            default -> {
                return text(field, text, name, problems);
            }
        }
    }

    private Object text(FormField field, String text, String name, List<FieldProblem> problems) {
        int length = text.codePointCount(0, text.length());
        if (field.minLength() != null && length < field.minLength()) {
            problems.add(new FieldProblem(name, "validation.min-length", field.minLength()));
        } else if (field.maxLength() != null && Math.max(length, text.length()) > field.maxLength()) {
            problems.add(new FieldProblem(name, "validation.max-length", field.maxLength()));
        } else if (field.pattern() != null && !Pattern.matches(field.pattern(), text)) {
            problems.add(new FieldProblem(name, "validation.pattern"));
        } else if (hasForbiddenCharacters(text, field.type().equals("textarea"))) {
            problems.add(new FieldProblem(name, "validation.control-characters"));
        } else {
            return text;
        }
        return null;
    }

    /**
     * Control characters and unpaired surrogates, which no keyboard types and which cannot be stored or
     * shown as they are; line breaks and tabs only where the field has several lines.
     */
    private static boolean hasForbiddenCharacters(String text, boolean multiLine) {
        return text.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE
                || Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\r' || c == '\t')));
    }

    /** Years as the formats write them (yyyy): later ones a database column may not hold. */
    private static boolean fourDigitYear(int year) {
        return year >= 1000 && year <= 9999;
    }

    private Object number(FormField field, String text, String name, List<FieldProblem> problems) {
        if (text.length() > MAX_NUMBER_LENGTH) {
            problems.add(new FieldProblem(name, "validation.max-length", MAX_NUMBER_LENGTH));
            return null;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text);
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(name, "validation.number"));
            return null;
        }
        BigDecimal stripped = number.stripTrailingZeros();
        if (field.min() != null && number.compareTo(field.min()) < 0) {
            problems.add(new FieldProblem(name, "validation.min", field.min().toPlainString()));
        } else if (field.max() != null && number.compareTo(field.max()) > 0) {
            problems.add(new FieldProblem(name, "validation.max", field.max().toPlainString()));
        } else if (field.decimalDigits() != null && stripped.scale() > field.decimalDigits()) {
            problems.add(new FieldProblem(name, "validation.decimals", field.decimalDigits()));
        } else if (stripped.precision() - stripped.scale() > MAX_NUMBER_LENGTH) {
            problems.add(new FieldProblem(name, "validation.number"));
        } else {
            // as kept: no exponent ("1e2" is 100), no more places than the field has (only zeros go)
            int places = field.decimalDigits() != null ? field.decimalDigits() : Math.max(stripped.scale(), 0);
            return number.setScale(Math.max(0, Math.min(number.scale(), places)));
        }
        return null;
    }

    private Object multi(FormField field, Object raw, Map<String, List<FormField.Option>> choices, String name,
                         List<FieldProblem> problems) {
        List<String> picked = raw instanceof Collection<?> c
                ? c.stream().map(String::valueOf).map(String::trim).distinct().toList()
                : List.of(raw.toString().trim());
        Set<String> allowed = optionValues(field, choices);
        if (!allowed.containsAll(picked)) {
            problems.add(new FieldProblem(name, "validation.option"));
            return null;
        }
        return picked;
    }

    private static Set<String> optionValues(FormField field, Map<String, List<FormField.Option>> choices) {
        List<FormField.Option> options = field.valuesKey() != null
                ? choices.getOrDefault(field.valuesKey(), List.of()) : field.options();
        return options.stream().map(FormField.Option::value).collect(Collectors.toSet());
    }

    /** Nothing, or only spaces and control characters: what trimming leaves nothing of counts as missing. */
    private static boolean isBlank(Object raw) {
        return raw == null || (raw instanceof String s && (s.isBlank() || s.trim().isEmpty()))
                || (raw instanceof Collection<?> c && c.isEmpty());
    }
}

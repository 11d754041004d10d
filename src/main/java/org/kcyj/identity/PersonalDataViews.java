package org.kcyj.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Says what an erasure did in the reader's language: each erased field, each kept item with its reason. */
@Component
class PersonalDataViews {
    private final MessageSource messages;

    PersonalDataViews(MessageSource messages) {
        this.messages = messages;
    }

    public Map<String, Object> describe(PersonalData.Erasure erasure) {
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", erasure.at().toString());
        view.put("erased", erasure.erased().stream().map(field -> Map.of("field", field,
                "label", messages.getMessage("erasure.field." + field, null, field, locale))).toList());
        view.put("kept", erasure.kept().stream().map(k -> {
            String[] parts = k.item().split(":", 2);
            Object[] args = parts.length > 1 ? new Object[] {parts[1]} : new Object[0];
            return Map.of("item", parts[0], "reason", messages.getMessage(k.reason(), args, k.reason(), locale));
        }).toList());
        return view;
    }

    /** The labels of the erased fields, for the page. */
    public List<String> labels(List<String> fields) {
        Locale locale = LocaleContextHolder.getLocale();
        return fields.stream().map(f -> messages.getMessage("erasure.field." + f, null, f, locale)).toList();
    }
}

package org.kcyj.form;

import java.util.List;

/** A Camunda Form as deployed from forms/: the same definition Tasklist shows and the portal renders. */
public record FormDefinition(String id, String heading, List<FormField> fields) {

    public List<FormField> inputs() {
        return fields.stream().filter(FormField::isInput).toList();
    }
}

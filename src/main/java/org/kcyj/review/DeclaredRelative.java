package org.kcyj.review;

import java.util.Objects;

/** A near relative the expert declared, e.g. ("王芳", "配偶"). */
public record DeclaredRelative(String name, String relation) {

    public DeclaredRelative {
        Objects.requireNonNull(name, "name");
        relation = relation == null ? "" : relation;
    }
}

package org.kcyj.review;

import java.util.Objects;

/**
 * A working relation the expert declared. The counterpart is a person's name or a unit's credit code;
 * the year is the latest year of the relation (the publication year for co-authors).
 */
public record DeclaredCollaboration(String counterpart, CollaborationKind kind, int year) {

    public DeclaredCollaboration {
        Objects.requireNonNull(counterpart, "counterpart");
        Objects.requireNonNull(kind, "kind");
    }
}

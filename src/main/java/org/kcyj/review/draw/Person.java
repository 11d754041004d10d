package org.kcyj.review.draw;

import java.util.Objects;

/** A person identified without an ID number: the name and the unit's credit code are enough here. */
public record Person(String name, String unitCreditCode) {

    public Person {
        Objects.requireNonNull(name, "name");
        unitCreditCode = unitCreditCode == null ? "" : unitCreditCode;
    }
}

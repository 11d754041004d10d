package org.kcyj.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * Published inside the transaction that erases a person's data (docs/accounts.md), so that the modules keeping other
 * personal data of theirs (the expert pool's profile) erase it too; each adds what it erased to {@link #erased}.
 */
public record PersonalDataErased(String username, List<String> erased) {
    public PersonalDataErased(String username) {
        this(username, new ArrayList<>());
    }
}

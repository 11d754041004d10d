package org.kcyj.identity;

import java.util.List;

/**
 * The programmes (专项) staff may be assigned to, as identity needs them: to check the codes an administrator assigns
 * and to offer them on the staff pages. The programme module keeps the programmes and implements this; it depends on
 * identity (accounts, roles, scope), so identity asks through this interface instead of depending on it back.
 */
public interface ProgrammeCatalogue {

    /** A programme by its code (e.g. XCL, part of every proposal number) and name. */
    record Choice(String code, String name) {
    }

    /** Every programme, ordered by code. */
    List<Choice> choices();
}

package org.kcyj.identity;

import java.util.List;
import java.util.Map;

/**
 * A module that keeps records about a person which the record-keeping rules do not let an erasure remove (the
 * applications they submitted, the reviews they wrote). {@link PersonalData} asks each holder, in their order, what it
 * shows in the person's export and what it keeps when the person's data is erased. The modules that keep those
 * records depend on identity, so they implement this rather than identity reading their tables.
 */
public interface PersonalDataHolder {

    /** What the person may read in their export, under the holder's own keys (e.g. "proposals"); empty for none. */
    Map<String, Object> export(String username);

    /** What stays of the person's records after an erasure, each with its reason; empty when nothing does. */
    List<PersonalData.Kept> kept(String username);
}

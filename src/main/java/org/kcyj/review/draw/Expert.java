package org.kcyj.review.draw;

import org.kcyj.review.DeclaredRelative;
import org.kcyj.review.DeclaredCollaboration;
import java.util.List;
import java.util.Objects;

/**
 * An expert of the pool, with what they declared for conflict checks.
 *
 * @param unitCreditCode 统一社会信用代码 of the expert's unit; blank for experts without a unit
 * @param disciplineCodes 学科代码 the expert reviews, e.g. "430" or "43015"
 * @param available false while the expert is suspended, on leave or otherwise not to be drawn
 */
public record Expert(String id, String name, String unitCreditCode, List<String> disciplineCodes,
                     boolean international, List<String> languages, List<DeclaredRelative> relatives,
                     List<DeclaredCollaboration> collaborations, List<OwnProposal> ownProposals,
                     boolean available) {

    public Expert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        unitCreditCode = unitCreditCode == null ? "" : unitCreditCode;
        disciplineCodes = copy(disciplineCodes);
        languages = copy(languages);
        relatives = copy(relatives);
        collaborations = copy(collaborations);
        ownProposals = copy(ownProposals);
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}

package org.kcyj.proposal.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A proposal's budget as declared by the applicant; all amounts in 万元. {@link BudgetRules} checks it.
 * The record accepts incomplete input (null amounts, null lines) so that every problem can be reported.
 *
 * @param mode                     itemised or lump sum
 * @param lines                    the itemised lines of the fiscal funding; empty in lump-sum mode
 * @param fiscalRequested          申请财政经费
 * @param selfFunding              自筹经费; null counts as zero
 * @param coFunding                其他来源经费 (配套); null counts as zero
 * @param declaredTotal            经费总额, which must equal the three sources together
 * @param negativeListAcknowledged the applicant confirmed the negative list (required in lump-sum mode)
 */
public record Budget(BudgetMode mode, List<BudgetLine> lines, BigDecimal fiscalRequested, BigDecimal selfFunding,
                     BigDecimal coFunding, BigDecimal declaredTotal, boolean negativeListAcknowledged) {

    public Budget {
        // a copy that keeps null elements, which List.copyOf would refuse
        lines = lines == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(lines));
    }
}

package org.kcyj.proposal.rules;

/** How the fiscal funding is budgeted. */
public enum BudgetMode {
    /** 分项预算: itemised by category, indirect costs capped. */
    ITEMISED,
    /** 包干制: one total, spent freely except on the negative list (负面清单). */
    LUMP_SUM
}

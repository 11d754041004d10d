package org.kcyj.proposal.rules;

import java.math.BigDecimal;

/** One category of an itemised budget with its amount in 万元. Nulls are reported, not rejected here. */
public record BudgetLine(BudgetCategory category, BigDecimal amount) {
}

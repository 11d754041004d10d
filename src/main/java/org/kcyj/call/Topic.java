package org.kcyj.call;

import java.math.BigDecimal;
import java.util.List;

/**
 * A topic of a call's guide (指南方向, or 榜单条目 in a challenge call): code, title, what it is about,
 * the indicators it must reach, the most one project may get (万元, optional), how many projects it
 * plans to fund, and the demands condensed into it.
 */
public record Topic(long id, long callId, String code, String title, String description, String indicators,
                    BigDecimal maxBudget, int expectedProjects, List<String> demandNumbers) {
}

package org.kcyj.review.draw;

/**
 * One drawn expert and why they qualified.
 *
 * @param matchedDisciplineCode the expert's first discipline code matching the proposal's
 * @param forInternationalQuota drawn in the first pass, to meet the international quota
 * @param reason                the same facts as a sentence in Chinese
 */
public record Pick(String expertId, String matchedDisciplineCode, boolean international,
                   boolean forInternationalQuota, String reason) {
}

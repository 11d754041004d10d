package org.kcyj.call;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A technical demand (需求, 企业出题) submitted to a call by a demand owner for their unit: the problem,
 * its quantitative target indicators, the expected duration, the co-funding the unit offers, a contact,
 * and what the programme made of it (status, topic, demands it was merged with, reason of a rejection, or the owner's of a withdrawal).
 */
public record Demand(long id, String number, long callId, String callTitle, String owner, long unitId,
                     String unitName, String title, String background, List<Indicator> indicators,
                     int durationMonths, BigDecimal coFunding, String contact, DemandStatus status, Long topicId,
                     String topicCode, String topicTitle, List<String> mergedWith, String reason,
                     Instant submittedAt, Instant decidedAt) {

    /** One target: what is measured, the value to reach, and its unit of measure. */
    public record Indicator(String indicator, String targetValue, String measureUnit) {
    }
}

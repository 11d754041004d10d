package org.kcyj.review.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An expert's record as a reviewer (GET /api/v1/experts/{username}/record) on invitations, reviews and ratings set by hand. */
@IntegrationTest
class ExpertRecordTest {
    private static final Instant ACCEPTED_AT = Instant.parse("2026-03-02T01:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    /** Eight proposals (drafts suffice: invitations only need the proposal to exist). */
    private List<Long> proposals() {
        long call = new Scenario(port).openCall("专家记录批次", 15);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String number = (String) Api.as(port, "applicant1").post("/api/v1/proposals", Map.of("callId", call)).json()
                    .get("number");
            ids.add(jdbc.sql("select id from app.proposal where number = ?").param(number).query(Long.class).single());
        }
        return ids;
    }

    private void expert(String username) {
        Api.Response saved = Api.as(port, "manager1").put("/api/v1/experts/" + username, PoolFixtures.profile(username));
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    }

    private void invitation(long proposal, String expert, String status, Instant respondedAt) {
        jdbc.sql("""
                        insert into app.review_invitation (proposal_id, slot, attempt, expert, status, invited_at, responded_at,
                            created_by, created_at)
                        values (?, 1, 1, ?, ?, ?, ?, 'manager1', ?)""")
                .params(proposal, expert, status, Timestamp.from(ACCEPTED_AT.minus(Duration.ofDays(1))),
                        respondedAt == null ? null : Timestamp.from(respondedAt), Timestamp.from(ACCEPTED_AT))
                .update();
    }

    private void review(long proposal, String reviewer, Duration afterAcceptance, Integer rating) {
        jdbc.sql("insert into app.review (proposal_id, reviewer, score, opinion, submitted_at) values (?, ?, 80, ?, ?)")
                .params(proposal, reviewer, "评审意见。".repeat(50), Timestamp.from(ACCEPTED_AT.plus(afterAcceptance)))
                .update();
        long id = jdbc.sql("select id from app.review where proposal_id = ? and reviewer = ?").params(proposal, reviewer)
                .query(Long.class).single();
        if (rating != null) {
            jdbc.sql("insert into app.review_rating (review_id, rated_by, rating, rated_at) values (?, 'applicant1', ?, ?)")
                    .params(id, rating, Timestamp.from(ACCEPTED_AT.plus(Duration.ofDays(30)))).update();
        }
    }

    private Map<String, Object> record(String username) {
        Api.Response answer = Api.as(port, "manager1").get("/api/v1/experts/" + username + "/record");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    @Test
    @SuppressWarnings("unchecked")
    void invitationsReviewsAndRatingsAddUpAndPoorRecordsAreFlagged() {
        List<Long> p = proposals();
        // record.slow: reviews three (2, 4 and 3.5 days after accepting; rated 1, 2, 2), two overdue, one each of
        // declined, conflict and expired.
        expert("record.slow");
        for (int i = 0; i < 3; i++) {
            invitation(p.get(i), "record.slow", "SUBMITTED", ACCEPTED_AT);
        }
        review(p.get(0), "record.slow", Duration.ofDays(2), 1);
        review(p.get(1), "record.slow", Duration.ofDays(4), 2);
        review(p.get(2), "record.slow", Duration.ofHours(84), 2);
        invitation(p.get(3), "record.slow", "OVERDUE", ACCEPTED_AT);
        invitation(p.get(4), "record.slow", "OVERDUE", ACCEPTED_AT);
        invitation(p.get(5), "record.slow", "DECLINED", ACCEPTED_AT);
        invitation(p.get(6), "record.slow", "CONFLICT", ACCEPTED_AT);
        invitation(p.get(7), "record.slow", "EXPIRED", null);
        // record.shy: accepts one of four answered or lapsed invitations; one pending, one cancelled, one open.
        expert("record.shy");
        invitation(p.get(0), "record.shy", "ACCEPTED", ACCEPTED_AT);
        invitation(p.get(1), "record.shy", "DECLINED", ACCEPTED_AT);
        invitation(p.get(2), "record.shy", "EXPIRED", null);
        invitation(p.get(3), "record.shy", "CONFLICT", ACCEPTED_AT);
        invitation(p.get(4), "record.shy", "PENDING", null);
        invitation(p.get(5), "record.shy", "CANCELLED", null);
        invitation(p.get(6), "record.shy", "INVITED", null);

        Map<String, Object> slow = record("record.slow");
        assertThat(slow).containsEntry("username", "record.slow").containsEntry("invitations", 8)
                .containsEntry("accepted", 5).containsEntry("declined", 2).containsEntry("expired", 1)
                .containsEntry("overdue", 2).containsEntry("acceptanceRate", 0.625).containsEntry("reviewsSubmitted", 3)
                .containsEntry("averageDaysToReview", 3.2).containsEntry("ratings", 3).containsEntry("averageRating", 1.67);
        assertThat((List<String>) slow.get("flags")).containsExactly(
                "申请人评价偏低：平均 1.67 分（3 次评价，满分 4 分）。", "逾期未提交评审意见 2 次。");

        Map<String, Object> shy = record("record.shy");
        assertThat(shy).containsEntry("invitations", 6).containsEntry("accepted", 1).containsEntry("declined", 2)
                .containsEntry("expired", 1).containsEntry("overdue", 0).containsEntry("acceptanceRate", 0.25)
                .containsEntry("reviewsSubmitted", 0).containsEntry("averageDaysToReview", null)
                .containsEntry("ratings", 0).containsEntry("averageRating", null);
        assertThat((List<String>) shy.get("flags"))
                .containsExactly("邀请接受率偏低：25%（已答复或过期的 4 次邀请中接受 1 次）。");
        assertThat((List<String>) Api.as(port, "manager1").get("/api/v1/experts/record.shy/record?lang=en").json()
                .get("flags")).containsExactly("Low acceptance rate: 25% (1 of 4 answered or lapsed invitations accepted).");
    }

    @Test
    void aNewExpertHasAnEmptyRecordWithoutFlags() {
        expert("record.new");

        assertThat(record("record.new")).containsEntry("invitations", 0).containsEntry("accepted", 0)
                .containsEntry("acceptanceRate", null).containsEntry("reviewsSubmitted", 0)
                .containsEntry("averageDaysToReview", null).containsEntry("averageRating", null)
                .containsEntry("flags", List.of());
    }
}

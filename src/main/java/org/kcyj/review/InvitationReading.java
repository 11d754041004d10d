package org.kcyj.review;

import java.util.HashSet;
import java.util.Set;

import org.kcyj.proposal.ReviewerReading;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Proposal access asks the review stage which proposals an expert reads: its invitations and open panels say. */
@Component
class InvitationReading implements ReviewerReading {
    /** Invitations that let an expert open the proposal: accepted (after declaring no conflict) or reviewed. */
    private static final String READING_INVITATIONS = "('ACCEPTED', 'SUBMITTED')";

    private final JdbcClient jdbc;

    InvitationReading(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<Long> proposalsReviewedBy(String expert) {
        return new HashSet<>(jdbc.sql("select distinct proposal_id from app.review_invitation where expert = ? and status in "
                + READING_INVITATIONS).param(expert).query(Long.class).list());
    }

    @Override
    public boolean reads(long proposalId, String expert) {
        return jdbc.sql("select count(*) from app.review_invitation where proposal_id = ? and expert = ? and status in "
                        + READING_INVITATIONS)
                .params(proposalId, expert).query(Integer.class).single() > 0
                || jdbc.sql("""
                        select count(*) from app.panel_proposal pp join app.review_panel rp on rp.id = pp.panel_id
                        join app.panel_member m on m.panel_id = pp.panel_id
                        where pp.proposal_id = ? and m.expert = ? and rp.status = 'OPEN'""")
                .params(proposalId, expert).query(Integer.class).single() > 0;
    }
}

package org.kcyj.review;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kcyj.audit.AuditLog;
import org.kcyj.identity.UserAccount;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalAccess;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.shared.DomainException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The applicant's side of peer review: once the funding decision is taken, the anonymised opinions
 * (专家一, 专家二, ... — never a name, login or e-mail), and a rating of each from 1 to 4 that feeds the
 * reviewers' record.
 */
@Service
public class OpinionService {
    /** Statuses after the funding decision: from here the applicant reads the opinions. */
    static final Set<ProposalStatus> DECIDED = Set.of(ProposalStatus.NOT_FUNDED, ProposalStatus.DECLINED,
            ProposalStatus.IN_PUBLICITY, ProposalStatus.FUNDED, ProposalStatus.CONTRACTED,
            ProposalStatus.ACCEPTANCE_APPLIED, ProposalStatus.CLOSED);

    /** One anonymised opinion, numbered from 1 in the order the reviews came in, with the applicant's rating. */
    public record Opinion(int number, ReviewService.Review review, Integer rating) {
    }

    private final ProposalAccess access;
    private final ReviewService reviews;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ReviewDocuments documents;
    private final Clock clock;

    OpinionService(ProposalAccess access, ReviewService reviews, JdbcClient jdbc, AuditLog audit,
                   ReviewDocuments documents, Clock clock) {
        this.documents = documents;
        this.access = access;
        this.reviews = reviews;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public boolean available(Proposal proposal) {
        return DECIDED.contains(proposal.status());
    }

    /** The opinions for the proposal's applicant (or staff), after the decision; 404 for anyone else. */
    public List<Opinion> opinions(UserAccount user, String number) {
        Proposal proposal = readableByApplicant(user, number);
        if (!available(proposal)) {
            throw DomainException.conflict("error.opinions-not-yet");
        }
        List<ReviewService.Review> anonymised = reviews.anonymised(proposal.id());
        if (!anonymised.isEmpty()) {
            documents.anonymisedOpinions(proposal.id()); // the applicant's PDF copy, issued once per content
        }
        List<Long> ids = reviews.reviewIds(proposal.id());
        List<Opinion> opinions = new ArrayList<>();
        for (int i = 0; i < anonymised.size(); i++) {
            opinions.add(new Opinion(i + 1, anonymised.get(i), rating(ids.get(i)).orElse(null)));
        }
        return opinions;
    }

    /** The applicant rates opinion {@code opinionNumber} from 1 (useless) to 4 (very helpful), once. */
    @Transactional
    public Opinion rate(UserAccount applicant, String number, int opinionNumber, Map<String, ?> input) {
        Proposal proposal = readableByApplicant(applicant, number);
        if (!proposal.applicant().equals(applicant.username())) {
            throw DomainException.forbidden();
        }
        if (!available(proposal)) {
            throw DomainException.conflict("error.opinions-not-yet");
        }
        List<Long> ids = reviews.reviewIds(proposal.id());
        if (opinionNumber < 1 || opinionNumber > ids.size()) {
            throw DomainException.notFound();
        }
        Object raw = input.get("rating");
        int rating;
        try {
            rating = raw instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(raw).strip());
        } catch (NumberFormatException e) {
            throw DomainException.invalid("rating", "validation.rating");
        }
        if (rating < 1 || rating > 4 || raw instanceof Number n && n.doubleValue() != rating) {
            throw DomainException.invalid("rating", "validation.rating");
        }
        long reviewId = ids.get(opinionNumber - 1);
        int inserted = jdbc.sql("""
                        insert into app.review_rating (review_id, rated_by, rating, rated_at)
                        select ?, ?, ?, ? from (values (1)) as one (x)
                        where not exists (select 1 from app.review_rating where review_id = ?)""")
                .params(reviewId, applicant.username(), rating, Timestamp.from(Instant.now(clock)), reviewId).update();
        if (inserted != 1) {
            throw DomainException.conflict("error.already-rated");
        }
        audit.record(applicant.username(), "REVIEW_OPINION_RATED", number, null, String.valueOf(rating),
                "意见" + opinionNumber);
        return opinions(applicant, number).get(opinionNumber - 1);
    }

    private Optional<Integer> rating(long reviewId) {
        return jdbc.sql("select rating from app.review_rating where review_id = ?").param(reviewId)
                .query(Integer.class).optional();
    }

    private Proposal readableByApplicant(UserAccount user, String number) {
        Proposal proposal = access.readable(user, number);
        if (!proposal.applicant().equals(user.username()) && !access.staffReads(user, proposal)) {
            throw DomainException.notFound();
        }
        return proposal;
    }
}

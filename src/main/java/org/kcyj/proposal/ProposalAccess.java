package org.kcyj.proposal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kcyj.document.DocumentAccessPolicy;
import org.kcyj.document.DocumentTypes;
import org.kcyj.document.IssuedDocument;
import org.kcyj.identity.ProgrammeScope;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.identity.UserDirectory;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.TaskVisibility;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may see a proposal: its applicant, the admins of its unit (once submitted), the reviewers
 * assigned to it, and programme staff. Anyone else is told it does not exist (404).
 * <p>
 * Programme staff are scoped ({@link ProgrammeScope}): a programme manager with programmes assigned reads the staff
 * view of, and acts on, only the proposals to those programmes' calls (their inbox offers only those proposals'
 * steps); directors, administrators and managers with no programme assigned read all.
 */
@Component
public class ProposalAccess implements TaskVisibility, DocumentAccessPolicy {
    private final ProposalRepository proposals;
    private final UserDirectory users;
    private final ProgrammeScope scope;
    /** The review stage says which proposals a reviewer reads (it depends on this module, not the reverse). */
    private final ReviewerReading reviewers;

    ProposalAccess(ProposalRepository proposals, UserDirectory users, ProgrammeScope scope, ReviewerReading reviewers) {
        this.proposals = proposals;
        this.users = users;
        this.scope = scope;
        this.reviewers = reviewers;
    }

    /**
     * Whether the user reads the proposal as programme staff: staff, and a programme manager with programmes
     * assigned only a proposal to a call of one of them.
     */
    public boolean staffReads(UserAccount user, Proposal p) {
        if (!isStaff(user)) {
            return false;
        }
        return user.has(Role.DIRECTOR) || user.has(Role.ADMIN) || scope.covers(user, programmeCode(p));
    }

    /** Whether a programme manager may act on the proposal as far as programme scope goes (true for other roles). */
    public boolean managerCovers(UserAccount user, Proposal p) {
        return !user.has(Role.PROGRAM_MANAGER) || scope.covers(user, programmeCode(p));
    }

    /** 404 unless the programme manager acts within the proposal's programme (see {@link ProgrammeScope}). */
    public void requireManagerCovers(UserAccount user, Proposal p) {
        if (!managerCovers(user, p)) {
            throw DomainException.notFound();
        }
    }

    /** The code of the programme the proposal's call belongs to. */
    public String programmeCode(Proposal p) {
        return proposals.programmeCodeOfCall(p.callId()).orElse(null);
    }

    public Proposal readable(UserAccount user, String number) {
        return proposals.byNumber(number).filter(p -> mayRead(user, p)).map(p -> asSeenBy(user, p))
                .orElseThrow(DomainException::notFound);
    }

    /** The statuses that tell what was decided after the review: funding, publicity, contract, acceptance. */
    private static final Set<ProposalStatus> DECIDED = java.util.EnumSet.of(ProposalStatus.RECOMMENDED,
            ProposalStatus.NOT_FUNDED, ProposalStatus.DECLINED, ProposalStatus.IN_PUBLICITY, ProposalStatus.FUNDED,
            ProposalStatus.CONTRACTED, ProposalStatus.ACCEPTANCE_APPLIED, ProposalStatus.CLOSED);

    /**
     * A reviewer sees the proposal as it stood for review: what was decided after it (funded or not)
     * is not theirs to see.
     */
    Proposal asSeenBy(UserAccount user, Proposal p) {
        if (seesDecisions(user, p) || !DECIDED.contains(p.status())) {
            return p;
        }
        return p.withStatus(ProposalStatus.REVIEWED);
    }

    public boolean mayRead(UserAccount user, Proposal p) {
        if (p.applicant().equals(user.username())) {
            return true;
        }
        boolean everSubmitted = p.submissionCount() > 0;
        if (everSubmitted && staffReads(user, p)) {
            return true;
        }
        if (user.has(Role.UNIT_ADMIN) && user.unitId() != null && user.unitId() == p.unitId() && everSubmitted) {
            return true;
        }
        return user.has(Role.REVIEWER) && reviewers.reads(p.id(), user.username());
    }

    /** Reviewers read the proposal but none of the decisions taken on it. */
    public boolean seesDecisions(UserAccount user, Proposal p) {
        return p.applicant().equals(user.username()) || staffReads(user, p)
                || (user.has(Role.UNIT_ADMIN) && user.unitId() != null && user.unitId() == p.unitId());
    }

    public static boolean isStaff(UserAccount user) {
        return user.has(Role.PROGRAM_MANAGER) || user.has(Role.DIRECTOR) || user.has(Role.ADMIN);
    }

    public List<Proposal> visibleTo(UserAccount user) {
        Map<String, Proposal> visible = new LinkedHashMap<>();
        List<Proposal> found = new ArrayList<>();
        if (isStaff(user)) {
            java.util.function.Predicate<String> view = scope.staffView(user);
            Map<Long, Boolean> callInView = new java.util.HashMap<>();
            proposals.allSubmitted().stream()
                    .filter(p -> callInView.computeIfAbsent(p.callId(),
                            id -> view.test(proposals.programmeCodeOfCall(id).orElse(null))))
                    .forEach(found::add);
        }
        found.addAll(proposals.byApplicant(user.username()));
        if (user.has(Role.UNIT_ADMIN) && user.unitId() != null) {
            found.addAll(proposals.byUnit(user.unitId()));
        }
        if (user.has(Role.REVIEWER)) {
            found.addAll(proposals.byIds(reviewers.proposalsReviewedBy(user.username())));
        }
        found.forEach(p -> visible.putIfAbsent(p.number(), asSeenBy(user, p)));
        return List.copyOf(visible.values());
    }

    /**
     * A unit's step (offered to UNIT_ADMIN) is for that unit's admins only, whatever other roles they hold; a
     * programme's step (offered to PROGRAM_MANAGER) is for the managers covering the proposal's programme.
     */
    @Override
    public boolean mayWorkOn(UserAccount user, String businessKey, java.util.Set<String> candidateGroups) {
        Optional<Proposal> proposal = businessKey == null ? Optional.empty() : proposals.byNumber(businessKey);
        if (proposal.isEmpty()) {
            return true;
        }
        if (candidateGroups.equals(java.util.Set.of(Role.UNIT_ADMIN.name()))) {
            return user.unitId() != null && user.unitId() == proposal.get().unitId();
        }
        if (candidateGroups.equals(java.util.Set.of(Role.PROGRAM_MANAGER.name()))) {
            return managerCovers(user, proposal.get());
        }
        return true;
    }

    /**
     * Documents that name reviewers or compare proposals: 专家评审意见表, 评审结果汇总表, 会评表决记录.
     * Programme staff only, whatever else the reader is to the proposal or call.
     */
    static final Set<String> STAFF_ONLY_DOCUMENTS = Set.of(DocumentTypes.PSYJ.code(), DocumentTypes.PSHZ.code(),
            DocumentTypes.HPJL.code());

    @Override
    public boolean mayRead(Authentication authentication, IssuedDocument document) {
        if (DocumentTypes.ZN.code().equals(document.typeCode())) {
            return true; // a guide is issued when it is published: public
        }
        if (authentication == null || !authentication.isAuthenticated()) {
            return false;
        }
        Optional<UserAccount> user = users.find(authentication.getName());
        if (user.isPresent() && STAFF_ONLY_DOCUMENTS.contains(document.typeCode())) {
            // a review sheet names its expert: not for staff who applied for that proposal themselves
            return isStaff(user.get()) && proposals.byNumber(document.subjectNumber())
                    .map(p -> !p.applicant().equals(user.get().username()) && staffReads(user.get(), p))
                    .orElseGet(() -> staffReadsCallDocument(user.get(), document.subjectNumber()));
        }
        Optional<Proposal> proposal = proposals.byNumber(document.subjectNumber());
        if (user.isEmpty() || proposal.isEmpty() || !mayRead(user.get(), proposal.get())) {
            return false;
        }
        if (DocumentTypes.PSFK.code().equals(document.typeCode())) {
            // the anonymised opinions go to the applicant; reviewers and the unit's admins do not get them
            return staffReads(user.get(), proposal.get()) || proposal.get().applicant().equals(user.get().username());
        }
        if (seesDecisions(user.get(), proposal.get())) {
            return true;
        }
        // reviewers and panel members: the 申报书 of the version under review, never an earlier one
        return DocumentTypes.SBS.code().equals(document.typeCode())
                && document.version() == versionUnderReview(proposal.get());
    }

    /**
     * A call's staff document (评审结果汇总表, 会评表决记录, subject "CALL-id"): for staff, a scoped manager only of
     * their programmes' calls.
     */
    private boolean staffReadsCallDocument(UserAccount user, String subject) {
        if (user.has(Role.DIRECTOR) || user.has(Role.ADMIN) || subject == null
                || !subject.startsWith(org.kcyj.call.ProgrammeCall.businessKey(0).replace("0", ""))) {
            return true;
        }
        try {
            long callId = Long.parseLong(subject.substring(subject.indexOf('-') + 1));
            return proposals.programmeCodeOfCall(callId).map(code -> scope.covers(user, code)).orElse(true);
        } catch (NumberFormatException notACall) {
            return true;
        }
    }

    /**
     * The version reviewers and panel members read: the one last submitted. Review starts only after the
     * last submission (a correction comes before it), and the 申报书 of submission N is version N.
     */
    static int versionUnderReview(Proposal p) {
        return p.submissionCount();
    }

    /**
     * Whether {@code user} may read submitted version {@code version} of the proposal (its record, its
     * 申报书, its attachments): the applicant, their unit and programme staff read every version; reviewers
     * and panel members only the version under review.
     */
    public boolean mayReadVersion(UserAccount user, Proposal p, int version) {
        return seesDecisions(user, p) || version == versionUnderReview(p);
    }

    /** A proposal withdrawn by its applicant: its documents are shown as withdrawn on the verification page. */
    @Override
    public boolean subjectWithdrawn(String subjectNumber) {
        return proposals.byNumber(subjectNumber).map(p -> p.status() == ProposalStatus.WITHDRAWN).orElse(false);
    }
}

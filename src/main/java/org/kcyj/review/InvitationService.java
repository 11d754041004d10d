package org.kcyj.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.kcyj.workflow.OpenTask;
import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.document.DocumentService;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.identity.UserDirectory;
import org.kcyj.mail.Mailer;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalAccess;
import org.kcyj.proposal.ProposalRecords;
import org.kcyj.proposal.ProposalService;
import org.kcyj.review.draw.ConflictRules;
import org.kcyj.review.draw.Pick;
import org.kcyj.review.draw.ProposalToReview;
import org.kcyj.review.draw.ReviewerDraw;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.Workflow;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations to review: who is invited for each slot (the drawn expert, or a replacement drawn with
 * the same rules), the e-mail, the expert's answer with the no-conflict declaration, and what the
 * timers do: expiry, reminder, escalation to the manager, replacement of an overdue reviewer.
 */
@Service
public class InvitationService {
    public static final String FORM_RESPOND = "Form_RespondToInvitation";
    public static final String FORM_RESOLVE = "Form_ResolvePoolExhausted";

    /** What an invited expert may read before answering: enough to see a conflict, not the application. */
    public record InvitationSummary(long invitationId, String number, String title, String topic, String leadUnit,
                                    List<String> partnerUnits, String piName, List<String> teamMembers,
                                    String summary, Invitation.Status status, Instant expiresAt, Instant reviewDueAt) {
    }

    private final InvitationStore store;
    private final ProposalRecords underReview;
    private final ProposalService proposals;
    private final ProposalAccess access;
    private final CallService calls;
    private final ProgrammeParameters parameters;
    private final ConflictCheck conflicts;
    private final UserDirectory users;
    private final Mailer mailer;
    private final DocumentService documents;
    private final Workflow workflow;
    private final FormValidator forms;
    private final AuditLog audit;
    private final Clock clock;

    InvitationService(InvitationStore store, ProposalRecords underReview, ProposalService proposals,
                      ProposalAccess access, CallService calls, ProgrammeParameters parameters, ConflictCheck conflicts,
                      UserDirectory users, Mailer mailer, DocumentService documents, Workflow workflow,
                      FormValidator forms, AuditLog audit, Clock clock) {
        this.store = store;
        this.underReview = underReview;
        this.proposals = proposals;
        this.access = access;
        this.calls = calls;
        this.parameters = parameters;
        this.conflicts = conflicts;
        this.users = users;
        this.mailer = mailer;
        this.documents = documents;
        this.workflow = workflow;
        this.forms = forms;
        this.audit = audit;
        this.clock = clock;
    }

    ReviewRules rules(Invitation invitation) {
        return rules(underReview.get(invitation.proposalId()));
    }

    ReviewRules rules(Proposal proposal) {
        return ReviewRules.of(parameters, calls.get(proposal.callId()).programmeId());
    }

    // ---- process steps -------------------------------------------------------------------------

    /**
     * Task_FindExpert: the slot's drawn expert if one waits to be invited, else a replacement drawn like
     * the first draw (discipline, conflicts, load, international quota), never anyone invited to this
     * proposal before. When nobody is left, the managers are told and the slot waits for them.
     */
    @Transactional
    public Optional<Invitation> findExpert(long proposalId, int slot, String runId) {
        Proposal proposal = underReview.get(proposalId);
        // One replacement at a time per proposal: two declines at once must not draw the same expert.
        underReview.lock(proposal.id());
        Optional<Invitation> found = store.pending(proposal.id(), slot).or(() -> drawReplacement(proposal, slot));
        if (found.isPresent()) {
            return found;
        }
        int attempt = store.lastAttempt(proposal.id(), slot);
        audit.record("system", "REVIEW_POOL_EXHAUSTED", proposal.number(), null, null, "第 " + slot + " 席位无可邀请专家");
        tellManagers(proposal, "review-exhausted-" + proposal.id() + "-" + slot + "-" + attempt + "-"
                        + runId,
                "【专家不足】" + proposal.number() + " 第 " + slot + " 评审席位无可补抽专家",
                "项目 " + proposal.number() + "《" + proposal.title() + "》第 " + slot + " 评审席位已无符合条件"
                        + "（学科匹配、无回避情形、未超负荷、未曾邀请）的专家可邀请。\n请补充专家库后选择“重新补抽”，"
                        + "或取消该席位：" + documents.publicUrl("/portal/inbox"));
        return Optional.empty();
    }

    private Optional<Invitation> drawReplacement(Proposal proposal, int slot) {
        ReviewRules rules = rules(proposal);
        ProposalToReview target = conflicts.proposal(proposal);
        List<org.kcyj.review.draw.Expert> experts = conflicts.experts(proposal.callId());
        java.util.Set<String> international = experts.stream().filter(org.kcyj.review.draw.Expert::international)
                .map(org.kcyj.review.draw.Expert::id).collect(java.util.stream.Collectors.toSet());
        long internationalHeld = store.forProposal(proposal.id()).stream().filter(i -> i.status().holdsLoad())
                .filter(i -> international.contains(i.expert())).count();
        int attempt = store.lastAttempt(proposal.id(), slot) + 1;
        long seed = Objects.hash(proposal.number(), slot, attempt);
        Optional<Pick> pick = new ReviewerDraw(new ConflictRules(), conflicts.waivers(proposal.callId())).replacement(
                target, experts, store.everInvited(proposal.id()), store.loads(underReview.ofCall(proposal.callId()).stream().map(Proposal::id).toList()),
                rules.maxPerExpert(), internationalHeld < rules.minInternational(), seed, rules.conflictPolicy(), today());
        return pick.map(p -> {
            long id = store.insertPending(proposal.id(), slot, attempt, p.expertId(), null,
                    "补抽（种子 " + seed + "）：" + p.reason(), "system", now());
            audit.record("system", "REVIEWER_REPLACEMENT_DRAWN", proposal.number(), null, null,
                    "第 " + slot + " 席位第 " + attempt + " 次邀请");
            return store.byId(id);
        });
    }

    /** Task_SendInvitation: the invitation is sent by e-mail and waits in the expert's inbox until it expires. */
    @Transactional
    public void send(long invitationId) {
        Invitation invitation = store.byId(invitationId);
        Proposal proposal = underReview.get(invitation.proposalId());
        Instant expires = now().plus(Duration.ofDays(rules(proposal).invitationDays()));
        store.markInvited(invitation.id(), now(), expires);
        UserAccount expert = users.require(invitation.expert());
        mailer.queue("review-invitation-" + invitation.id(), expert.email(),
                "【评审邀请】" + proposal.number() + " " + proposal.title(),
                expert.displayName() + " 专家：您好！\n\n科创甬江2035 重大专项邀请您对以下项目进行函评：\n"
                        + "项目编号：" + proposal.number() + "\n项目名称：" + proposal.title() + "\n"
                        + "指南方向：" + proposals.topicLabel(proposal) + "\n牵头单位：" + proposal.unitName() + "\n"
                        + "项目负责人：" + Objects.requireNonNullElse(proposal.piName(), "") + "\n\n"
                        + "请于 " + BusinessTime.display(expires) + "（北京时间）前登录系统答复。接受邀请前须声明与该项目"
                        + "不存在回避情形；如存在，请选择“申请回避”。\n" + documents.publicUrl("/portal/reviews") + "\n\n"
                        + "邀请过期未答复的，系统将自动另行抽取专家。");
        audit.record("system", "REVIEW_INVITATION_SENT", proposal.number(), "PENDING", "INVITED",
                "第 " + invitation.slot() + " 席位");
    }

    /** The expert's answer: accept (declaring no conflict), decline, or declare a conflict. */
    @Transactional
    public Invitation respond(UserAccount expert, String number, Map<String, ?> input) {
        Proposal proposal = underReview.byNumber(number).orElseThrow(DomainException::notFound);
        Invitation invitation = store.of(proposal.id(), expert.username()).orElseThrow(DomainException::notFound);
        if (invitation.status() != Invitation.Status.INVITED) {
            throw DomainException.conflict("error.invitation-answered");
        }
        OpenTask task = workflow.openTask(number, PeerReviewProcess.TASK_RESPOND, expert);
        SubmittedForm form = forms.validate(FORM_RESPOND, input, Map.of());
        String response = form.text("response");
        String note = form.text("note");
        boolean accepted = "ACCEPT".equals(response);
        if (accepted && !Boolean.TRUE.equals(form.values().get("noConflict"))) {
            throw DomainException.invalid("noConflict", "validation.no-conflict-declaration");
        }
        if ("CONFLICT".equals(response) && (note == null || note.isBlank())) {
            throw DomainException.invalid("note", "validation.reason-required");
        }
        Instant now = now();
        boolean moved = accepted
                ? store.accept(invitation.id(), now, now.plus(Duration.ofDays(rules(proposal).reviewDays())))
                : store.move(invitation.id(), Invitation.Status.INVITED,
                "CONFLICT".equals(response) ? Invitation.Status.CONFLICT : Invitation.Status.DECLINED, now, note);
        if (!moved) {
            throw DomainException.conflict("error.invitation-answered");
        }
        audit.record(expert.username(), "REVIEW_INVITATION_" + response, number, "INVITED",
                accepted ? "ACCEPTED" : "CONFLICT".equals(response) ? "CONFLICT" : "DECLINED", note);
        workflow.complete(task, Map.of(PeerReviewProcess.VAR_ACCEPTED, accepted));
        return store.byId(invitation.id());
    }

    /** Event_InvitationExpired: the invitation lapses; the slot draws a replacement. */
    @Transactional
    public void recordExpiry(long invitationId) {
        Invitation invitation = store.byId(invitationId);
        if (store.move(invitation.id(), Invitation.Status.INVITED, Invitation.Status.EXPIRED, now(), null)) {
            audit.record("system", "REVIEW_INVITATION_EXPIRED", numberOf(invitation), "INVITED", "EXPIRED",
                    "第 " + invitation.slot() + " 席位");
        }
    }

    /** Event_ReviewReminder: one reminder before the due date. */
    @Transactional
    public void remind(long invitationId) {
        Invitation invitation = store.byId(invitationId);
        Proposal proposal = underReview.get(invitation.proposalId());
        UserAccount expert = users.require(invitation.expert());
        store.markReminded(invitation.id(), now());
        mailer.queue("review-reminder-" + invitation.id(), expert.email(),
                "【评审提醒】" + proposal.number() + " 评审将于 " + BusinessTime.display(invitation.reviewDueAt()) + " 截止",
                expert.displayName() + " 专家：您好！\n\n您接受的项目 " + proposal.number() + "《" + proposal.title()
                        + "》评审将于 " + BusinessTime.display(invitation.reviewDueAt()) + "（北京时间）截止，请及时提交评审意见：\n"
                        + documents.publicUrl("/portal/reviews") + "\n\n逾期未提交的，系统将告知项目主管并另行抽取专家。");
        audit.record("system", "REVIEW_REMINDER_SENT", proposal.number(), null, null, "第 " + invitation.slot() + " 席位");
    }

    /** Event_ReviewDeadlinePassed: the managers learn that a review is late (the expert still may submit). */
    @Transactional
    public void escalate(long invitationId) {
        Invitation invitation = store.byId(invitationId);
        Proposal proposal = underReview.get(invitation.proposalId());
        store.markEscalated(invitation.id(), now());
        String name = users.find(invitation.expert()).map(UserAccount::displayName).orElse(invitation.expert());
        tellManagers(proposal, "review-escalation-" + invitation.id(), "【评审逾期】" + proposal.number() + " 第 "
                        + invitation.slot() + " 席位",
                "项目 " + proposal.number() + "《" + proposal.title() + "》第 " + invitation.slot() + " 席位专家 " + name
                        + " 未在 " + BusinessTime.display(invitation.reviewDueAt()) + " 前提交评审意见。\n宽限期满仍未提交的，"
                        + "系统将撤销该邀请并自动补抽专家。\n" + documents.publicUrl("/portal/proposals/" + proposal.number()));
        audit.record("system", "REVIEW_OVERDUE_ESCALATED", proposal.number(), null, null, "第 " + invitation.slot() + " 席位");
    }

    /** Event_ReviewOverdue: the overdue reviewer loses the proposal; the slot draws a replacement. */
    @Transactional
    public void recordOverdue(long invitationId) {
        Invitation invitation = store.byId(invitationId);
        if (store.move(invitation.id(), Invitation.Status.ACCEPTED, Invitation.Status.OVERDUE, now(), null)) {
            audit.record("system", "REVIEWER_REPLACED_OVERDUE", numberOf(invitation), "ACCEPTED", "OVERDUE",
                    "第 " + invitation.slot() + " 席位");
        }
    }

    /** The manager's answer to an exhausted pool: draw again (after adding experts) or drop the slot. */
    @Transactional
    public void resolvePoolExhausted(UserAccount manager, String number, Map<String, ?> input) {
        if (!manager.has(Role.PROGRAM_MANAGER)) {
            throw DomainException.forbidden();
        }
        Proposal proposal = underReview.byNumber(number).orElseThrow(DomainException::notFound);
        access.requireManagerCovers(manager, proposal);
        if (proposal.applicant().equals(manager.username())) {
            throw DomainException.conflictOfInterest();
        }
        OpenTask task = workflow.openTask(number, PeerReviewProcess.TASK_RESOLVE_POOL_EXHAUSTED, manager);
        SubmittedForm form = forms.validate(FORM_RESOLVE, input, Map.of());
        boolean retry = "RETRY".equals(form.text("decision"));
        audit.record(manager.username(), retry ? "REVIEW_SLOT_REDRAW" : "REVIEW_SLOT_DROPPED", number, null, null,
                form.text("comment"));
        workflow.complete(task, Map.of(PeerReviewProcess.VAR_RETRY_DRAW, retry));
    }

    // ---- reading -------------------------------------------------------------------------------

    /** The invitation as the invited expert sees it before answering. */
    public InvitationSummary summary(UserAccount expert, String number) {
        Proposal proposal = underReview.byNumber(number).orElseThrow(DomainException::notFound);
        Invitation invitation = store.of(proposal.id(), expert.username())
                .filter(i -> i.status() != Invitation.Status.PENDING).orElseThrow(DomainException::notFound);
        SubmittedForm form = proposals.conflictFacts(proposal).application();
        return new InvitationSummary(invitation.id(), proposal.number(), proposal.title(), proposals.topicLabel(proposal),
                proposal.unitName(), form.rows("partners").stream().map(r -> r.text("name")).filter(Objects::nonNull).toList(),
                proposal.piName(), form.rows("team").stream().map(r -> r.text("name")).filter(Objects::nonNull).toList(),
                proposal.summary(), invitation.status(), invitation.expiresAt(), invitation.reviewDueAt());
    }

    /** An expert's own invitations, newest first (pending ones are not sent yet and not shown). */
    public List<InvitationSummary> mine(UserAccount expert) {
        List<Invitation> sent = store.forExpert(expert.username()).stream()
                .filter(i -> i.status() != Invitation.Status.PENDING).toList();
        Map<Long, Proposal> byId = underReview.byIds(sent.stream().map(Invitation::proposalId).toList());
        return sent.stream()
                .map(i -> {
                    Proposal p = byId.get(i.proposalId());
                    return new InvitationSummary(i.id(), p.number(), p.title(), proposals.topicLabel(p), p.unitName(),
                            List.of(), p.piName(), List.of(), null, i.status(), i.expiresAt(), i.reviewDueAt());
                }).toList();
    }

    /** A proposal's invitations with the experts' names, for programme staff only. */
    public List<Invitation> ofProposal(UserAccount user, Proposal proposal) {
        requireStaffNotOwn(user, proposal);
        return store.forProposal(proposal.id());
    }

    /** How a manager resolved a shortfall of experts for the proposal: drawn again or the slot dropped, and why. */
    public record PoolResolution(Instant at, String manager, boolean redrawn, String comment) {
    }

    /** The proposal's shortfall resolutions, oldest first, for programme staff only (read from the audit trail). */
    public List<PoolResolution> poolResolutions(UserAccount user, Proposal proposal) {
        requireStaffNotOwn(user, proposal);
        return audit.forSubject(proposal.number()).stream()
                .filter(e -> e.action().equals("REVIEW_SLOT_REDRAW") || e.action().equals("REVIEW_SLOT_DROPPED"))
                .map(e -> new PoolResolution(e.occurredAt(), e.actor(), e.action().equals("REVIEW_SLOT_REDRAW"), e.detail()))
                .toList();
    }

    /** Programme staff only (a scoped manager: of the proposal's programme), and never on their own proposal. */
    private void requireStaffNotOwn(UserAccount user, Proposal proposal) {
        if (!access.staffReads(user, proposal)) {
            throw DomainException.notFound();
        }
        ConflictCheck.requireNotOwn(user, proposal);
    }

    /**
     * Mails every programme manager covering the proposal's programme (those assigned to it and those assigned to
     * none) except one who applied for the proposal (they must not learn its reviewers).
     */
    private void tellManagers(Proposal proposal, String key, String subject, String body) {
        for (UserAccount manager : users.withRole(Role.PROGRAM_MANAGER)) {
            if (!manager.username().equals(proposal.applicant()) && access.managerCovers(manager, proposal)) {
                mailer.queue(key + "-" + manager.username(), manager.email(), subject, body);
            }
        }
    }

    private String numberOf(Invitation invitation) {
        return underReview.get(invitation.proposalId()).number();
    }

    private Instant now() {
        return Instant.now(clock);
    }

    private LocalDate today() {
        return BusinessTime.zoned(now()).toLocalDate();
    }
}

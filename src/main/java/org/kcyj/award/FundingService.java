package org.kcyj.award;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kcyj.call.CallService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalRecords;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.proposal.ProposalSteps;
import org.kcyj.audit.AuditLog;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.WorkingDayCalendar;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The award stage's facade: the manager proposes funding, the director approves, the approved
 * project is published for N working days (公示), then the approval notice (立项通知书) is issued. The
 * proposal and its decisions are read and recorded through the proposal module; the publicity window is
 * this stage's own table.
 */
@Service
public class FundingService {
    public static final String FORM_PROPOSE = "Form_ProposeFunding";
    public static final String FORM_APPROVE = "Form_ApproveFunding";
    public static final String STAGE_PROPOSAL = "FUNDING_PROPOSAL";
    public static final String STAGE_APPROVAL = "FUNDING_APPROVAL";

    public record Publicity(String number, String title, String unitName, String piName, java.math.BigDecimal amount,
                            LocalDate startsOn, LocalDate endsOn, int workingDays) {
    }

    private final JdbcClient jdbc;
    private final ProposalRecords proposals;
    private final ProposalSteps steps;
    private final CallService calls;
    private final ProgrammeParameters parameters;
    private final WorkingDayCalendar calendar;
    private final DocumentService documents;
    private final AuditLog audit;
    private final Clock clock;
    private final String issuer;

    FundingService(JdbcClient jdbc, ProposalRecords proposals, ProposalSteps steps, CallService calls,
                   ProgrammeParameters parameters, WorkingDayCalendar calendar, DocumentService documents,
                   AuditLog audit, Clock clock, @Value("${kcyj.issuer}") String issuer) {
        this.jdbc = jdbc;
        this.proposals = proposals;
        this.steps = steps;
        this.calls = calls;
        this.parameters = parameters;
        this.calendar = calendar;
        this.documents = documents;
        this.audit = audit;
        this.clock = clock;
        this.issuer = issuer;
    }

    @Transactional
    public Proposal proposeFunding(UserAccount manager, String number, Map<String, ?> input) {
        ProposalSteps.Step step = steps.open(manager, number, AwardProcess.TASK_PROPOSE_FUNDING, FORM_PROPOSE, input);
        SubmittedForm form = step.form();
        boolean fund = "FUND".equals(form.text("decision"));
        if (fund && form.decimal("amount") == null) {
            throw DomainException.invalid("amount", "validation.required");
        }
        if (fund) {
            checkAmount(step.proposal(), form.decimal("amount"));
        }
        ProposalSteps.requireReasonUnless(fund, step);
        steps.decide(step, STAGE_PROPOSAL, form.text("decision"), form.decimal("amount"),
                fund ? ProposalStatus.RECOMMENDED : ProposalStatus.NOT_FUNDED);
        steps.complete(step, Map.of(AwardProcess.VAR_FUNDING_RECOMMENDED, fund));
        return proposals.get(step.proposalId());
    }

    /**
     * A proposed amount is positive, within its topic's maximum per project, and keeps what the call has
     * recommended (its other proposals still recommended, approved or under way) within the call's budget.
     */
    private void checkAmount(Proposal proposal, java.math.BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw DomainException.invalid("amount", "validation.funding-positive");
        }
        org.kcyj.call.ProgrammeCall call = calls.get(proposal.callId());
        java.util.Optional<java.math.BigDecimal> topicMax = proposal.topicId() == null ? java.util.Optional.empty()
                : calls.topic(proposal.topicId()).map(org.kcyj.call.Topic::maxBudget);
        if (topicMax.isPresent() && amount.compareTo(topicMax.get()) > 0) {
            throw DomainException.invalid("amount", "validation.funding-over-topic", plain(topicMax.get()));
        }
        java.math.BigDecimal committed = proposals.committedAmount(call.id(), proposal.id(), STAGE_PROPOSAL, "FUND",
                COMMITTED);
        java.math.BigDecimal left = call.budget().subtract(committed);
        if (amount.compareTo(left) > 0) {
            throw DomainException.invalid("amount", "validation.funding-over-call", plain(committed),
                    plain(call.budget()), plain(left.max(java.math.BigDecimal.ZERO)));
        }
    }

    /** The statuses in which a proposal's recommended amount counts against its call's budget. */
    private static final Set<ProposalStatus> COMMITTED = Set.of(ProposalStatus.RECOMMENDED, ProposalStatus.IN_PUBLICITY,
            ProposalStatus.FUNDED, ProposalStatus.CONTRACTED, ProposalStatus.ACCEPTANCE_APPLIED, ProposalStatus.CLOSED);

    private static String plain(java.math.BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    @Transactional
    public Proposal approveFunding(UserAccount director, String number, Map<String, ?> input) {
        if (!director.has(Role.DIRECTOR)) {
            throw DomainException.forbidden();
        }
        ProposalSteps.Step step = steps.open(director, number, AwardProcess.TASK_APPROVE_FUNDING, FORM_APPROVE, input);
        boolean approved = "APPROVE".equals(step.form().text("decision"));
        ProposalSteps.requireReasonUnless(approved, step);
        steps.decide(step, STAGE_APPROVAL, step.form().text("decision"), null,
                approved ? ProposalStatus.IN_PUBLICITY : ProposalStatus.DECLINED);
        steps.complete(step, Map.of(AwardProcess.VAR_FUNDING_APPROVED, approved));
        return proposals.get(step.proposalId());
    }

    /** The amount of the latest funding proposal for the proposal (the task book's budget cap), if any. */
    public Optional<java.math.BigDecimal> proposedAmount(long proposalId) {
        return proposals.lastDecision(proposalId, STAGE_PROPOSAL).map(ProposalRecords.Decision::amount);
    }

    /** When the director last decided on funding the proposal (the task book's period starts near it), if ever. */
    public Optional<Instant> approvedAt(long proposalId) {
        return proposals.lastDecision(proposalId, STAGE_APPROVAL).map(ProposalRecords.Decision::decidedAt);
    }

    /** Opens the publicity window of N working days (a programme parameter) starting today. */
    @Transactional
    public Publicity openPublicity(long proposalId) {
        Proposal proposal = proposals.get(proposalId);
        ProgrammeCall call = calls.get(proposal.callId());
        int days = parameters.integer(call.programmeId(), ProgrammeParameters.PUBLICITY_WORKING_DAYS);
        LocalDate today = LocalDate.now(clock.withZone(BusinessTime.ZONE));
        LocalDate[] window = calendar.window(today, days);
        jdbc.sql("insert into app.publicity (proposal_id, starts_on, ends_on, working_days, opened_at) values (?, ?, ?, ?, ?)")
                .params(proposalId, window[0], window[1], days, Timestamp.from(Instant.now(clock))).update();
        audit.record("system", "PUBLICITY_OPENED", proposal.number(), null, ProposalStatus.IN_PUBLICITY.name(),
                window[0] + ".." + window[1]);
        return publicity(proposalId).orElseThrow();
    }

    /** The instant the publicity window closes: the start of the day after its last working day. */
    public Instant publicityEnd(long proposalId) {
        LocalDate endsOn = publicity(proposalId).orElseThrow().endsOn();
        return endsOn.plusDays(1).atStartOfDay(BusinessTime.ZONE).toInstant();
    }

    /** Publicity has ended without a bar: the approval notice is issued and the project begins. */
    @Transactional
    public void issueApprovalNotice(long proposalId) {
        Proposal proposal = proposals.get(proposalId);
        jdbc.sql("update app.publicity set closed_at = ? where proposal_id = ?")
                .params(Timestamp.from(Instant.now(clock)), proposalId).update();
        ProposalStatus before = proposals.changeStatus(proposalId, ProposalStatus.FUNDED);
        ProgrammeCall call = calls.get(proposal.callId());
        Publicity publicity = publicity(proposalId).orElseThrow();
        Instant now = Instant.now(clock);
        LocalDate closedEarlyOn = now.isBefore(publicityEnd(proposalId)) ? LocalDate.ofInstant(now, BusinessTime.ZONE) : null;
        documents.issue(new DocumentRequest(proposal.number(), DocumentTypes.TZS, issuer, proposal.applicant(),
                ApprovalNoticeDocument.of(proposal, call, publicity.amount(), publicity, closedEarlyOn, now, issuer),
                "TZS:" + proposal.number()));
        audit.record("system", "APPROVAL_NOTICE_ISSUED", proposal.number(), before.name(), ProposalStatus.FUNDED.name(), null);
    }

    /** A publicity window as this stage stores it. */
    private record Window(long proposalId, LocalDate startsOn, LocalDate endsOn, int workingDays) {
    }

    private static final String WINDOW = "select proposal_id, starts_on, ends_on, working_days from app.publicity";

    /** A publicity window with what the notice shows: the project and the funding proposed for it. */
    public Optional<Publicity> publicity(long proposalId) {
        return notices(jdbc.sql(WINDOW + " where proposal_id = ?").param(proposalId).query(FundingService::window).list())
                .stream().findFirst();
    }

    /** Public notices: projects whose publicity window is open now. */
    public List<Publicity> openNotices() {
        return notices(jdbc.sql(WINDOW + " where closed_at is null").query(FundingService::window).list());
    }

    /** The windows with their projects and amounts, looked up in bulk; ordered by start, then number. */
    private List<Publicity> notices(List<Window> windows) {
        Set<Long> ids = windows.stream().map(Window::proposalId).collect(java.util.stream.Collectors.toSet());
        Map<Long, Proposal> projects = proposals.byIds(ids);
        Map<Long, java.math.BigDecimal> amounts = proposals.lastAmounts(ids, STAGE_PROPOSAL);
        return windows.stream()
                .map(w -> {
                    Proposal p = projects.get(w.proposalId());
                    return new Publicity(p.number(), p.title(), p.unitName(), p.piName(), amounts.get(w.proposalId()),
                            w.startsOn(), w.endsOn(), w.workingDays());
                })
                .sorted(Comparator.comparing(Publicity::startsOn).thenComparing(Publicity::number))
                .toList();
    }

    private static Window window(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Window(rs.getLong(1), rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class), rs.getInt(4));
    }
}

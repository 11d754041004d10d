package org.kcyj.decision;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import org.kcyj.proposal.ProposalProcess;
import org.kcyj.proposal.ProposalRepository;
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
 * The decision stage's facade: the manager proposes funding, the director approves, the approved
 * project is published for N working days (公示), then the approval notice (立项通知书) is issued.
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
    private final ProposalRepository proposals;
    private final ProposalSteps steps;
    private final CallService calls;
    private final ProgrammeParameters parameters;
    private final WorkingDayCalendar calendar;
    private final DocumentService documents;
    private final AuditLog audit;
    private final Clock clock;
    private final String issuer;

    FundingService(JdbcClient jdbc, ProposalRepository proposals, ProposalSteps steps, CallService calls,
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
        ProposalSteps.Step step = steps.open(manager, number, ProposalProcess.TASK_PROPOSE_FUNDING, FORM_PROPOSE, input);
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
        steps.complete(step, Map.of(ProposalProcess.VAR_FUNDING_RECOMMENDED, fund));
        return proposals.byId(step.proposalId());
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
        java.math.BigDecimal committed = jdbc.sql("""
                        select coalesce(sum(d.amount), 0) from app.stage_decision d join app.proposal p on p.id = d.proposal_id
                        where p.call_id = ? and p.id <> ? and d.stage = ? and d.outcome = 'FUND'
                          and p.status in ('RECOMMENDED', 'IN_PUBLICITY', 'FUNDED', 'CONTRACTED', 'ACCEPTANCE_APPLIED', 'CLOSED')
                          and d.id = (select max(l.id) from app.stage_decision l where l.proposal_id = p.id and l.stage = ?)""")
                .params(call.id(), proposal.id(), STAGE_PROPOSAL, STAGE_PROPOSAL)
                .query(java.math.BigDecimal.class).single();
        java.math.BigDecimal left = call.budget().subtract(committed);
        if (amount.compareTo(left) > 0) {
            throw DomainException.invalid("amount", "validation.funding-over-call", plain(committed),
                    plain(call.budget()), plain(left.max(java.math.BigDecimal.ZERO)));
        }
    }

    private static String plain(java.math.BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    @Transactional
    public Proposal approveFunding(UserAccount director, String number, Map<String, ?> input) {
        if (!director.has(Role.DIRECTOR)) {
            throw DomainException.forbidden();
        }
        ProposalSteps.Step step = steps.open(director, number, ProposalProcess.TASK_APPROVE_FUNDING, FORM_APPROVE, input);
        boolean approved = "APPROVE".equals(step.form().text("decision"));
        ProposalSteps.requireReasonUnless(approved, step);
        steps.decide(step, STAGE_APPROVAL, step.form().text("decision"), null,
                approved ? ProposalStatus.IN_PUBLICITY : ProposalStatus.DECLINED);
        steps.complete(step, Map.of(ProposalProcess.VAR_FUNDING_APPROVED, approved));
        return proposals.byId(step.proposalId());
    }

    /** Opens the publicity window of N working days (a programme parameter) starting today. */
    @Transactional
    public Publicity openPublicity(long proposalId) {
        Proposal proposal = proposals.byId(proposalId);
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
        Proposal proposal = proposals.byId(proposalId);
        jdbc.sql("update app.publicity set closed_at = ? where proposal_id = ?")
                .params(Timestamp.from(Instant.now(clock)), proposalId).update();
        ProposalStatus before = proposals.changeStatus(proposalId, ProposalStatus.FUNDED, Instant.now(clock));
        ProgrammeCall call = calls.get(proposal.callId());
        Publicity publicity = publicity(proposalId).orElseThrow();
        Instant now = Instant.now(clock);
        LocalDate closedEarlyOn = now.isBefore(publicityEnd(proposalId)) ? LocalDate.ofInstant(now, BusinessTime.ZONE) : null;
        documents.issue(new DocumentRequest(proposal.number(), DocumentTypes.TZS, issuer, proposal.applicant(),
                ApprovalNoticeDocument.of(proposal, call, publicity.amount(), publicity, closedEarlyOn, now, issuer),
                "TZS:" + proposal.number()));
        audit.record("system", "APPROVAL_NOTICE_ISSUED", proposal.number(), before.name(), ProposalStatus.FUNDED.name(), null);
    }

    /** A publicity window with what the notice shows: the project and the funding proposed for it. */
    private static final String PUBLICITY = """
            select p.number, p.title, u.name, p.pi_name,
                   (select d.amount from app.stage_decision d where d.proposal_id = p.id and d.stage = '%s'
                    order by d.id desc limit 1),
                   pb.starts_on, pb.ends_on, pb.working_days
            from app.publicity pb join app.proposal p on p.id = pb.proposal_id join app.unit u on u.id = p.unit_id
            """.formatted(STAGE_PROPOSAL);

    public Optional<Publicity> publicity(long proposalId) {
        return jdbc.sql(PUBLICITY + " where pb.proposal_id = ?").param(proposalId)
                .query((rs, i) -> publicity(rs)).optional();
    }

    /** Public notices: projects whose publicity window is open now. */
    public List<Publicity> openNotices() {
        return jdbc.sql(PUBLICITY + " where pb.closed_at is null order by pb.starts_on, p.number")
                .query((rs, i) -> publicity(rs)).list();
    }

    private static Publicity publicity(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Publicity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5),
                rs.getObject(6, LocalDate.class), rs.getObject(7, LocalDate.class), rs.getInt(8));
    }
}

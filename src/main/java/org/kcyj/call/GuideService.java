package org.kcyj.call;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kcyj.workflow.OpenTask;
import org.kcyj.audit.AuditLog;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.kcyj.document.IssuedDocument;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.Workflow;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The guide (指南/榜单): the manager submits its text for approval once the call has topics and every
 * demand is decided; the director approves or returns it; approval publishes it as a PDF and on the
 * public guide page. The guide must be published at least {@code guide.lead-days} days (a programme
 * parameter) before the window opens, checked on submission and again on approval.
 */
@Service
public class GuideService {
    public static final String FORM_DRAFT = "Form_DraftGuide";
    public static final String FORM_APPROVE = "Form_ApproveGuide";

    private final CallService calls;
    private final DemandService demands;
    private final GuideRepository guides;
    private final ProgrammeParameters parameters;
    private final DocumentService documents;
    private final FormValidator forms;
    private final Workflow workflow;
    private final AuditLog audit;
    private final Clock clock;
    private final String issuer;

    GuideService(CallService calls, DemandService demands, GuideRepository guides, ProgrammeParameters parameters,
                 DocumentService documents, FormValidator forms, Workflow workflow, AuditLog audit, Clock clock,
                 @Value("${kcyj.issuer}") String issuer) {
        this.calls = calls;
        this.demands = demands;
        this.guides = guides;
        this.parameters = parameters;
        this.documents = documents;
        this.forms = forms;
        this.workflow = workflow;
        this.audit = audit;
        this.clock = clock;
        this.issuer = issuer;
    }

    /** A topic as the guide publishes it: with the units that set the challenge and their co-funding. */
    public record GuideTopic(Topic topic, List<String> setters, BigDecimal coFunding) {
    }

    /** What the public reads: the call, the guide's text, its topics, and the PDF's number. */
    public record PublishedGuide(ProgrammeCall call, String intro, String eligibility, String contacts,
                                 List<GuideTopic> topics, String documentNumber, Instant publishedAt) {
    }

    /** What stands between a draft call and its submission for approval, for the manager's workspace. */
    public record Readiness(boolean drafting, boolean windowSet, int topics, List<String> undecided,
                            Instant earliestOpening, boolean leadTimeMet) {
    }

    @Transactional
    public Guide submit(UserAccount manager, long callId, Map<String, ?> input) {
        CallService.requireManager(manager);
        ProgrammeCall call = calls.lock(callId);
        calls.requireInScope(manager, call);
        if (call.status() == CallStatus.COLLECTING) {
            throw DomainException.conflict("error.guide-collection-open", BusinessTime.display(call.demandDeadline()));
        }
        if (call.status() != CallStatus.DRAFT) {
            throw DomainException.conflict("error.call-not-editable");
        }
        OpenTask task = workflow.openTask(call.businessKey(), CallProcess.TASK_DRAFT_GUIDE, manager);
        SubmittedForm form = forms.validate(FORM_DRAFT, input == null ? Map.of() : input);
        if (call.opensAt() == null) {
            throw DomainException.conflict("error.guide-window-missing");
        }
        List<GuideTopic> topics = topics(call);
        if (topics.isEmpty()) {
            throw DomainException.conflict("error.guide-no-topics");
        }
        List<String> undecided = demands.undecided(callId);
        if (!undecided.isEmpty()) {
            throw DomainException.conflict("error.guide-undecided-demands", undecided.size(), String.join("、", undecided));
        }
        for (GuideTopic t : topics) {
            if (!call.mode().allowsProjects(t.topic().expectedProjects())) {
                throw DomainException.conflict("error.guide-topic-projects", t.topic().code());
            }
            if (call.mode().isChallengeBased() && t.setters().isEmpty()) {
                throw DomainException.conflict("error.guide-topic-without-demand", t.topic().code());
            }
        }
        requireLeadTime(call);
        Instant now = Instant.now(clock);
        guides.submitted(callId, form.text("intro"), form.text("eligibility"), form.text("contacts"),
                manager.username(), now);
        calls.status(callId, CallStatus.PENDING_APPROVAL);
        workflow.complete(task, Map.of());
        audit.record(manager.username(), "GUIDE_SUBMITTED", call.businessKey(), call.status().name(),
                CallStatus.PENDING_APPROVAL.name(), topics.size() + " topics");
        return guides.find(callId).orElseThrow();
    }

    /** The director approves (the guide is published at once) or returns it with a reason. */
    @Transactional
    public ProgrammeCall decide(UserAccount director, long callId, Map<String, ?> input) {
        if (!director.has(Role.DIRECTOR)) {
            throw DomainException.forbidden();
        }
        ProgrammeCall call = calls.lock(callId);
        OpenTask task = workflow.openTask(call.businessKey(), CallProcess.TASK_APPROVE_GUIDE, director);
        SubmittedForm form = forms.validate(FORM_APPROVE, input == null ? Map.of() : input);
        boolean approved = "APPROVE".equals(form.text("decision"));
        if (!approved && form.text("comment") == null) {
            throw DomainException.invalid("comment", "validation.reason-required");
        }
        if (approved) {
            requireLeadTime(call);
        }
        Instant now = Instant.now(clock);
        guides.decided(callId, form.text("decision"), form.text("comment"), director.username(), now);
        audit.record(director.username(), approved ? "GUIDE_APPROVED" : "GUIDE_RETURNED", call.businessKey(),
                call.status().name(), approved ? CallStatus.ANNOUNCED.name() : CallStatus.DRAFT.name(),
                form.text("comment"));
        if (!approved) {
            calls.status(callId, CallStatus.DRAFT);
        }
        workflow.complete(task, Map.of(CallProcess.VAR_GUIDE_APPROVED, approved));
        return calls.get(callId);
    }

    /**
     * Publishes the approved guide: the PDF (issued once, however often this step is retried) and the
     * public page; the call is announced.
     */
    @Transactional
    public IssuedDocument publish(long callId) {
        ProgrammeCall call = calls.get(callId);
        Guide guide = guides.find(callId).orElseThrow();
        Instant now = Instant.now(clock);
        IssuedDocument document = documents.issue(new DocumentRequest(call.businessKey(), DocumentTypes.ZN, issuer,
                calls.createdBy(callId), GuideDocument.of(call, guide, topics(call), issuer, now),
                "ZN:" + call.businessKey()));
        guides.published(callId, document.number(), now);
        calls.markPublished(callId, guide.approvedBy());
        audit.record("system", "GUIDE_PUBLISHED", call.businessKey(), call.status().name(),
                CallStatus.ANNOUNCED.name(), document.number());
        return document;
    }

    /** The guide as the user may read it: staff at any time (with the director's decisions), others once published. */
    public Optional<Guide> guide(UserAccount user, long callId) {
        ProgrammeCall call = calls.readableBy(user, callId);
        if (calls.staffReads(user, call)) {
            return guides.find(callId);
        }
        if (!call.status().isPublished()) {
            throw DomainException.notFound();
        }
        return guides.find(callId).map(g -> new Guide(g.callId(), g.intro(), g.eligibility(), g.contacts(), null, null,
                null, g.approvedAt(), g.documentNumber(), g.publishedAt(), List.of()));
    }

    /** The guide as submitted, with its topics as they will be published: the director's preview. */
    public PublishedGuide preview(UserAccount user, long callId) {
        if (!CallService.isStaff(user)) {
            throw DomainException.forbidden();
        }
        ProgrammeCall call = calls.get(callId);
        if (!calls.staffReads(user, call)) {
            throw DomainException.notFound();
        }
        Guide guide = guides.find(callId).orElse(null);
        return new PublishedGuide(call, guide == null ? null : guide.intro(), guide == null ? null : guide.eligibility(),
                guide == null ? null : guide.contacts(), topics(call), guide == null ? null : guide.documentNumber(),
                guide == null ? null : guide.publishedAt());
    }

    /** The published guide, for anyone; 404 until it is published. */
    public PublishedGuide published(long callId) {
        ProgrammeCall call = calls.get(callId);
        Guide guide = guides.find(callId).filter(g -> g.documentNumber() != null && call.status().isPublished())
                .orElseThrow(DomainException::notFound);
        return new PublishedGuide(call, guide.intro(), guide.eligibility(), guide.contacts(), topics(call),
                guide.documentNumber(), guide.publishedAt());
    }

    /** The published guide's PDF, exactly as issued. */
    public byte[] pdf(long callId) {
        return documents.content(published(callId).documentNumber()).orElseThrow(DomainException::notFound);
    }

    public Readiness readiness(UserAccount user, long callId) {
        ProgrammeCall call = calls.get(callId);
        if (!calls.staffReads(user, call)) {
            throw DomainException.notFound();
        }
        Instant earliest = earliestOpening(call);
        boolean drafting = call.status() == CallStatus.DRAFT
                && workflow.findOpenTask(call.businessKey(), CallProcess.TASK_DRAFT_GUIDE, user).isPresent();
        return new Readiness(drafting, call.opensAt() != null, calls.topics(callId).size(),
                demands.undecided(callId), earliest, call.opensAt() != null && !call.opensAt().isBefore(earliest));
    }

    /** The earliest the window may open if the guide were published now. */
    public Instant earliestOpening(ProgrammeCall call) {
        int days = parameters.integer(call.programmeId(), ProgrammeParameters.GUIDE_LEAD_DAYS);
        return Instant.now(clock).plus(Duration.ofDays(days));
    }

    private void requireLeadTime(ProgrammeCall call) {
        Instant earliest = earliestOpening(call);
        if (call.opensAt().isBefore(earliest)) {
            int days = parameters.integer(call.programmeId(), ProgrammeParameters.GUIDE_LEAD_DAYS);
            throw DomainException.conflict("error.guide-lead-time", days, BusinessTime.display(earliest),
                    BusinessTime.display(call.opensAt()));
        }
    }

    private List<GuideTopic> topics(ProgrammeCall call) {
        return calls.topics(call.id()).stream().map(t -> {
            List<Demand> adopted = demands.ofTopic(call.id(), t.id());
            return new GuideTopic(t, adopted.stream().map(Demand::unitName).distinct().toList(),
                    adopted.stream().map(Demand::coFunding).reduce(BigDecimal.ZERO, BigDecimal::add));
        }).toList();
    }
}

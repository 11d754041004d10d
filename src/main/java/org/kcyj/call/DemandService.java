package org.kcyj.call;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kcyj.audit.AuditLog;
import org.kcyj.form.FormField;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UnitRegistry;
import org.kcyj.identity.UserAccount;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.kcyj.shared.NumberSequence;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 需求征集: demand owners submit demands to a call that collects them, for their unit and within the
 * eligibility rules of the call's programme; managers adopt them into topics (several in one topic are
 * merged) or reject them with a reason the owner reads; an owner withdraws a demand not yet decided.
 *
 * <p>Eligibility (parameters of the call's programme): the unit is registered in the city when
 * {@code demand.local-required}; its annual R&amp;D spend is at least {@code demand.min-rd-spend} 万元; and it
 * has fewer than {@code demand.max-active-challenges} active challenges, an active challenge being a
 * demand of the unit adopted into a topic (alone or merged) of any call not yet CLOSED. Adopting a
 * demand that would take its unit past that number is refused as well.
 */
@Service
public class DemandService {
    public static final String FORM_SUBMIT = "Form_SubmitDemand";
    public static final String FORM_WITHDRAW = "Form_WithdrawDemand";
    public static final String FORM_REJECT = "Form_RejectDemand";
    public static final String FORM_ADOPT = "Form_AdoptDemand";

    private final DemandRepository demands;
    private final TopicRepository topics;
    private final CallService calls;
    private final ProgrammeParameters parameters;
    private final FormValidator forms;
    private final NumberSequence numbers;
    private final AuditLog audit;
    private final Clock clock;
    private final UnitRegistry units;

    DemandService(DemandRepository demands, TopicRepository topics, CallService calls, ProgrammeParameters parameters,
                  FormValidator forms, NumberSequence numbers, AuditLog audit, Clock clock, UnitRegistry units) {
        this.units = units;
        this.demands = demands;
        this.topics = topics;
        this.calls = calls;
        this.parameters = parameters;
        this.forms = forms;
        this.numbers = numbers;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Demand submit(UserAccount owner, long callId, Map<String, ?> input) {
        if (owner.roles().isEmpty() || (owner.has(Role.DEMAND_OWNER) && owner.unitId() == null)) {
            // a registered person whom no unit has confirmed (yet), or whose affiliation ended
            throw new DomainException(org.springframework.http.HttpStatus.FORBIDDEN, "error.no-confirmed-affiliation");
        }
        if (!owner.has(Role.DEMAND_OWNER)) {
            throw DomainException.forbidden();
        }
        ProgrammeCall call = calls.readableBy(owner, callId);
        requireCollecting(call);
        Instant now = Instant.now(clock);
        requireEligible(call, owner.unitId());
        SubmittedForm form = validateSubmission(input);
        List<Demand.Indicator> indicators = form.rows("indicators").stream()
                .map(r -> new Demand.Indicator(r.text("indicator"), r.text("targetValue"), r.text("measureUnit")))
                .toList();
        String number = "XQ%d-%04d".formatted(call.year(), numbers.next("demand-" + call.year()));
        demands.insert(number, callId, owner.username(), owner.unitId(),
                new DemandRepository.Content(form.text("title"), form.text("background"), indicators,
                        form.decimal("durationMonths").intValueExact(), form.decimal("coFunding"), form.text("contact")),
                now);
        audit.record(owner.username(), "DEMAND_SUBMITTED", number, null, DemandStatus.SUBMITTED.name(),
                call.businessKey() + " " + form.text("title"));
        return demands.byNumber(number).orElseThrow();
    }

    /** 409 unless the call takes demands now: it collects them and its demand deadline has not passed. */
    public void requireCollecting(ProgrammeCall call) {
        Instant now = Instant.now(clock);
        if (!call.acceptsDemandsAt(now)) {
            if (call.demandDeadline() != null && now.isAfter(call.demandDeadline())) {
                throw DomainException.conflict("error.demand-deadline-passed", BusinessTime.display(call.demandDeadline()));
            }
            throw DomainException.conflict("error.demand-not-collecting");
        }
    }

    /**
     * A demand owner sees their unit's demands; staff see all (a programme manager with programmes assigned: those
     * of their programmes' calls); nobody else any.
     */
    public List<Demand> visibleTo(UserAccount user) {
        if (CallService.isStaff(user)) {
            java.util.Set<Long> readable = new java.util.HashSet<>();
            calls.visibleTo(user).forEach(c -> readable.add(c.id()));
            return demands.all().stream().filter(d -> readable.contains(d.callId())).toList();
        }
        if (user.has(Role.DEMAND_OWNER)) {
            return user.unitId() == null ? List.of() : demands.ofUnit(user.unitId());
        }
        throw DomainException.forbidden();
    }

    /** One demand: for staff and the demand owners of its unit; 404 for anyone else. */
    public Demand readable(UserAccount user, String number) {
        return demands.byNumber(number).filter(d -> mayRead(user, d)).orElseThrow(DomainException::notFound);
    }

    /** The demands of one call, for the managers condensing them. */
    public List<Demand> ofCall(UserAccount user, long callId) {
        if (!CallService.isStaff(user)) {
            throw DomainException.forbidden();
        }
        calls.get(callId);
        if (!calls.staffReads(user, callId)) {
            throw DomainException.notFound();
        }
        return demands.ofCall(callId);
    }

    @Transactional
    public Demand withdraw(UserAccount owner, String number, Map<String, ?> input) {
        if (!owner.has(Role.DEMAND_OWNER)) {
            throw DomainException.forbidden();
        }
        Demand demand = readable(owner, number);
        calls.lock(demand.callId());
        demand = demands.byNumber(number).orElseThrow();
        if (demand.status() != DemandStatus.SUBMITTED) {
            throw DomainException.conflict("error.demand-decided");
        }
        SubmittedForm form = forms.validate(FORM_WITHDRAW, input == null ? Map.of() : input);
        demands.withdrawn(demand.id(), form.text("reason"), Instant.now(clock));
        audit.record(owner.username(), "DEMAND_WITHDRAWN", number, DemandStatus.SUBMITTED.name(),
                DemandStatus.WITHDRAWN.name(), form.text("reason"));
        return demands.byNumber(number).orElseThrow();
    }

    @Transactional
    public Demand reject(UserAccount manager, String number, Map<String, ?> input) {
        CallService.requireManager(manager);
        Demand demand = decidable(manager, number);
        SubmittedForm form = forms.validate(FORM_REJECT, input == null ? Map.of() : input);
        demands.rejected(demand.id(), form.text("reason"), manager.username(), Instant.now(clock));
        if (demand.topicId() != null) {
            demands.settle(demand.topicId());
        }
        audit.record(manager.username(), "DEMAND_REJECTED", number, demand.status().name(),
                DemandStatus.REJECTED.name(), form.text("reason"));
        return demands.byNumber(number).orElseThrow();
    }

    /** Adds the demand to a topic of its call (moving it from another topic if it was in one). */
    @Transactional
    public Demand adopt(UserAccount manager, String number, Map<String, ?> input) {
        CallService.requireManager(manager);
        Demand demand = decidable(manager, number);
        SubmittedForm form = forms.validate(FORM_ADOPT, input == null ? Map.of() : input, adoptChoices(demand.callId()));
        long topicId = Long.parseLong(form.text("topicId"));
        List<String> numbers = new ArrayList<>(topics.find(demand.callId(), topicId).orElseThrow().demandNumbers());
        numbers.add(demand.number());
        assign(manager, calls.get(demand.callId()), topicId, numbers);
        return demands.byNumber(number).orElseThrow();
    }

    /** The topics a demand of the call may be adopted into. */
    public Map<String, List<FormField.Option>> adoptChoices(long callId) {
        return Map.of("topics", topics.ofCall(callId).stream()
                .map(t -> new FormField.Option(String.valueOf(t.id()), t.code() + " " + t.title())).toList());
    }

    /** The demands of the call a topic may take in: any not withdrawn. */
    Map<String, List<FormField.Option>> topicChoices(long callId) {
        return Map.of("demands", demands.ofCall(callId).stream()
                .filter(d -> d.status() != DemandStatus.WITHDRAWN)
                .map(d -> new FormField.Option(d.number(), d.number() + " " + d.title() + "（" + d.unitName() + "）"))
                .toList());
    }

    /**
     * Makes exactly these demands the topic's: newly named ones are adopted (moved from another topic if
     * need be), ones the topic had and no longer names wait for a decision again; statuses follow
     * (one demand ADOPTED, several MERGED) and no unit may end up with too many active challenges.
     */
    void assign(UserAccount manager, ProgrammeCall call, long topicId, Collection<String> numbers) {
        Instant now = Instant.now(clock);
        Set<Long> touchedTopics = new HashSet<>(List.of(topicId));
        Set<Long> units = new HashSet<>();
        Set<Long> kept = new HashSet<>();
        for (String number : numbers) {
            Demand d = demands.byNumber(number).filter(x -> x.callId() == call.id()).orElseThrow(DomainException::notFound);
            kept.add(d.id());
            if (d.topicId() != null && d.topicId() == topicId) {
                continue;
            }
            if (d.topicId() != null) {
                touchedTopics.add(d.topicId());
            }
            demands.adopted(d.id(), topicId, manager.username(), now);
            units.add(d.unitId());
            audit.record(manager.username(), "DEMAND_ADOPTED", d.number(), d.status().name(), "TOPIC-" + topicId, null);
        }
        for (Long id : demands.inTopic(topicId)) {
            if (!kept.contains(id)) {
                demands.undecide(id);
            }
        }
        touchedTopics.forEach(demands::settle);
        int max = parameters.integer(call.programmeId(), ProgrammeParameters.DEMAND_MAX_ACTIVE_CHALLENGES);
        for (long unit : units) {
            int active = demands.activeChallenges(unit);
            if (active > max) {
                throw DomainException.conflict("error.demand-adoption-over-limit", unitName(unit), max);
            }
        }
    }

    /** The topic is deleted: its demands wait for a decision again. */
    void release(long topicId) {
        demands.inTopic(topicId).forEach(demands::undecide);
    }

    /** Numbers of the call's demands that nobody has decided on. */
    List<String> undecided(long callId) {
        return demands.undecided(callId);
    }

    /** A topic's demands as the guide names them: the units that set the challenge and what they co-fund. */
    List<Demand> ofTopic(long callId, long topicId) {
        return demands.ofCall(callId).stream().filter(d -> d.topicId() != null && d.topicId() == topicId).toList();
    }

    /** Why the owner's unit may not submit a demand to the call now, if it may not. */
    private void requireEligible(ProgrammeCall call, long unitId) {
        UnitRegistry.UnitFacts unit = units.facts(unitId).orElseThrow(DomainException::forbidden);
        long programme = call.programmeId();
        if (parameters.flag(programme, ProgrammeParameters.DEMAND_LOCAL_REQUIRED) && !unit.localRegistered()) {
            throw DomainException.conflict("error.demand-not-local", unit.name());
        }
        BigDecimal minimum = parameters.decimal(programme, ProgrammeParameters.DEMAND_MIN_RD_SPEND);
        if (unit.rdSpend() == null && minimum.signum() > 0) {
            throw DomainException.conflict("error.demand-rd-spend-unknown", plain(minimum));
        }
        if (unit.rdSpend() != null && unit.rdSpend().compareTo(minimum) < 0) {
            throw DomainException.conflict("error.demand-rd-spend", plain(unit.rdSpend()), plain(minimum));
        }
        int max = parameters.integer(programme, ProgrammeParameters.DEMAND_MAX_ACTIVE_CHALLENGES);
        int active = demands.activeChallenges(unitId);
        if (active >= max) {
            throw DomainException.conflict("error.demand-too-many-challenges", active, max);
        }
    }

    /** Every problem at once: the form's, and a demand needs at least one target indicator. */
    private SubmittedForm validateSubmission(Map<String, ?> input) {
        List<FieldProblem> problems = new ArrayList<>();
        Object rows = input == null ? null : input.get("indicators");
        if (rows == null || rows instanceof Collection<?> c && c.isEmpty()) {
            problems.add(new FieldProblem("indicators", "validation.indicator-required"));
        }
        try {
            SubmittedForm form = forms.validate(FORM_SUBMIT, input == null ? Map.of() : input);
            CallService.refuseIfAny(problems);
            return form;
        } catch (DomainException e) {
            if (e.fieldProblems().isEmpty()) {
                throw e;
            }
            List<FieldProblem> all = new ArrayList<>(e.fieldProblems());
            problems.stream().filter(p -> all.stream().noneMatch(q -> q.field().equals(p.field()))).forEach(all::add);
            throw DomainException.invalid(all);
        }
    }

    /** A demand a manager may still decide on: its call is a draft and the demand was not withdrawn. */
    private Demand decidable(UserAccount manager, String number) {
        Demand demand = demands.byNumber(number).orElseThrow(DomainException::notFound);
        calls.requireInScope(manager, calls.get(demand.callId()));
        calls.lockEditable(demand.callId());
        demand = demands.byNumber(number).orElseThrow();
        if (demand.status() == DemandStatus.WITHDRAWN) {
            throw DomainException.conflict("error.demand-withdrawn");
        }
        return demand;
    }

    private boolean mayRead(UserAccount user, Demand demand) {
        return calls.staffReads(user, demand.callId())
                || user.has(Role.DEMAND_OWNER) && user.unitId() != null && user.unitId() == demand.unitId();
    }

    private String unitName(long unitId) {
        return units.facts(unitId).map(UnitRegistry.UnitFacts::name).orElse(String.valueOf(unitId));
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}

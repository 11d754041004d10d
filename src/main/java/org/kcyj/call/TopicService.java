package org.kcyj.call;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kcyj.audit.AuditLog;
import org.kcyj.form.FormField;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Condensing (凝练): managers write a draft call's topics and adopt demands into them; several demands
 * in one topic are merged. Topics change only while the call is a draft.
 */
@Service
public class TopicService {
    public static final String FORM = "Form_CreateTopic";

    private final TopicRepository topics;
    private final CallService calls;
    private final DemandService demands;
    private final FormValidator forms;
    private final AuditLog audit;
    private final Clock clock;

    TopicService(TopicRepository topics, CallService calls, DemandService demands, FormValidator forms, AuditLog audit,
                 Clock clock) {
        this.topics = topics;
        this.calls = calls;
        this.demands = demands;
        this.forms = forms;
        this.audit = audit;
        this.clock = clock;
    }

    /** The demands a topic of the call may take in, for the form's choices. */
    public Map<String, List<FormField.Option>> choices(long callId) {
        return demands.topicChoices(callId);
    }

    @Transactional
    public Topic create(UserAccount manager, long callId, Map<String, ?> input) {
        calls.requireManagerOf(manager, callId);
        ProgrammeCall call = calls.lockEditable(callId);
        SubmittedForm form = validate(call, null, input);
        long id = topics.insert(callId, content(form), manager.username(), Instant.now(clock));
        demands.assign(manager, call, id, form.texts("demandNumbers"));
        audit.record(manager.username(), "TOPIC_CREATED", call.businessKey(), null, null,
                form.text("code") + " " + form.text("title"));
        return topics.find(callId, id).orElseThrow();
    }

    /** The fields sent replace the topic's; {@code demandNumbers}, when sent, is the topic's whole list. */
    @Transactional
    public Topic update(UserAccount manager, long callId, long topicId, Map<String, ?> input) {
        calls.requireManagerOf(manager, callId);
        ProgrammeCall call = calls.lockEditable(callId);
        Topic topic = topics.find(callId, topicId).orElseThrow(DomainException::notFound);
        Map<String, Object> merged = new HashMap<>(values(topic));
        if (input != null) {
            merged.putAll(input);
        }
        SubmittedForm form = validate(call, topicId, merged);
        topics.update(topicId, content(form), Instant.now(clock));
        demands.assign(manager, call, topicId, form.texts("demandNumbers"));
        audit.record(manager.username(), "TOPIC_UPDATED", call.businessKey(), null, null,
                form.text("code") + " " + form.text("title"));
        return topics.find(callId, topicId).orElseThrow();
    }

    /** Deletes a topic; the demands it had adopted wait for a decision again. */
    @Transactional
    public void delete(UserAccount manager, long callId, long topicId) {
        calls.requireManagerOf(manager, callId);
        ProgrammeCall call = calls.lockEditable(callId);
        Topic topic = topics.find(callId, topicId).orElseThrow(DomainException::notFound);
        demands.release(topicId);
        topics.delete(topicId);
        audit.record(manager.username(), "TOPIC_DELETED", call.businessKey(), null, null,
                topic.code() + " " + topic.title());
    }

    /** One topic of the call, for staff. */
    public Topic get(UserAccount user, long callId, long topicId) {
        if (!calls.staffReads(user, callId)) {
            throw DomainException.notFound();
        }
        return topics.find(callId, topicId).orElseThrow(DomainException::notFound);
    }

    /** The topic as form values, e.g. to fill the edit form. */
    public Map<String, Object> values(Topic topic) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("code", topic.code());
        values.put("title", topic.title());
        values.put("description", topic.description());
        values.put("indicators", topic.indicators());
        values.put("maxBudget", topic.maxBudget() == null ? "" : topic.maxBudget().stripTrailingZeros().toPlainString());
        values.put("expectedProjects", String.valueOf(topic.expectedProjects()));
        values.put("demandNumbers", topic.demandNumbers());
        return values;
    }

    /** The form's checks, then the call's: a unique code, within the call's budget, as the mode allows. */
    private SubmittedForm validate(ProgrammeCall call, Long topicId, Map<String, ?> input) {
        SubmittedForm form = forms.validate(FORM, input == null ? Map.of() : input, choices(call.id()));
        List<FieldProblem> problems = new ArrayList<>();
        if (topics.codeTaken(call.id(), form.text("code"), topicId)) {
            problems.add(new FieldProblem("code", "validation.topic-code-taken"));
        }
        BigDecimal max = form.decimal("maxBudget");
        if (max != null && max.compareTo(call.budget()) > 0) {
            problems.add(new FieldProblem("maxBudget", "validation.topic-over-budget",
                    call.budget().stripTrailingZeros().toPlainString()));
        }
        if (!call.mode().allowsProjects(form.decimal("expectedProjects").intValueExact())) {
            problems.add(new FieldProblem("expectedProjects", "validation.projects-" + call.mode().name()));
        }
        CallService.refuseIfAny(problems);
        return form;
    }

    private static TopicRepository.Content content(SubmittedForm form) {
        return new TopicRepository.Content(form.text("code"), form.text("title"), form.text("description"),
                form.text("indicators"), form.decimal("maxBudget"), form.decimal("expectedProjects").intValueExact());
    }
}

package org.kcyj.programme;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kcyj.audit.AuditLog;
import org.kcyj.form.FormValidator;
import org.kcyj.identity.ProgrammeScope;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Programme configuration: managers and admins change parameters, with a reason, all recorded. A programme manager
 * with programmes assigned reads and changes only those programmes' parameters ({@link ProgrammeScope}: another
 * programme is, to them, not there).
 */
@Service
public class ParameterService {
    public static final String FORM = "Form_ChangeParameter";

    private final Programmes programmes;
    private final FormValidator forms;
    private final ProgrammeParameters parameters;
    private final AuditLog audit;
    private final ProgrammeScope scope;
    private final Clock clock;

    ParameterService(Programmes programmes, ProgrammeParameters parameters, FormValidator forms, AuditLog audit,
                     ProgrammeScope scope, Clock clock) {
        this.scope = scope;
        this.forms = forms;
        this.programmes = programmes;
        this.parameters = parameters;
        this.audit = audit;
        this.clock = clock;
    }

    public List<ProgrammeParameters.Setting> settings(UserAccount user, String code) {
        requireStaff(user);
        return parameters.settings(programme(user, code).id());
    }

    public List<ProgrammeParameters.Change> history(UserAccount user, String code) {
        requireStaff(user);
        return parameters.history(programme(user, code).id());
    }

    @Transactional
    public ProgrammeParameters.Setting change(UserAccount user, String code, String name, Map<String, ?> input) {
        if (!user.has(Role.PROGRAM_MANAGER) && !user.has(Role.ADMIN)) {
            throw DomainException.forbidden();
        }
        Programmes.Programme programme = programme(user, code);
        Parameter parameter = ProgrammeParameters.definition(name).orElseThrow(DomainException::notFound);
        FormValidator.Checked checked = forms.check(FORM, input, Map.of());
        List<FieldProblem> problems = new ArrayList<>(checked.problems());
        String raw = checked.form().text("value");
        if (raw != null && parameter.normalise(raw).isEmpty()) {
            problems.add(parameter.kind() == Parameter.Kind.BOOLEAN ? new FieldProblem("value", "validation.boolean")
                    : parameter.kind() == Parameter.Kind.CRITERIA ? new FieldProblem("value", "validation.criteria")
                    : new FieldProblem("value", "validation.range", parameter.min().toPlainString(),
                    parameter.max().toPlainString()));
        }
        if (problems.isEmpty() && name.startsWith("budget.indirect-tier.")) {
            requireIncreasingTiers(programme.id(), name, parameter.normalise(raw).orElseThrow(), problems);
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        String value = parameter.normalise(raw).orElseThrow();
        String reason = checked.form().text("reason");
        String old = parameters.set(programme.id(), name, value, reason, user.username(), Instant.now(clock));
        audit.record(user.username(), "PARAMETER_CHANGED", programme.code() + ":" + name, old, value, reason);
        return parameters.settings(programme.id()).stream().filter(s -> s.parameter().name().equals(name))
                .findFirst().orElseThrow();
    }

    /** The indirect-cost tiers depend on each other: the large tier must start above the medium one. */
    private void requireIncreasingTiers(long programmeId, String name, String value, List<FieldProblem> problems) {
        java.math.BigDecimal medium = new java.math.BigDecimal(name.equals(ProgrammeParameters.INDIRECT_TIER_MEDIUM_FROM)
                ? value : parameters.value(programmeId, ProgrammeParameters.INDIRECT_TIER_MEDIUM_FROM));
        java.math.BigDecimal large = new java.math.BigDecimal(name.equals(ProgrammeParameters.INDIRECT_TIER_LARGE_FROM)
                ? value : parameters.value(programmeId, ProgrammeParameters.INDIRECT_TIER_LARGE_FROM));
        if (medium.compareTo(large) >= 0) {
            problems.add(new FieldProblem("value", "validation.tiers-increase", medium.toPlainString(),
                    large.toPlainString()));
        }
    }

    /** The programme as this user may see it: 404 for a programme outside a scoped manager's. */
    private Programmes.Programme programme(UserAccount user, String code) {
        return programmes.byCode(code).filter(p -> scope.readsStaffView(user, p.code()))
                .orElseThrow(DomainException::notFound);
    }

    private static void requireStaff(UserAccount user) {
        if (!user.has(Role.PROGRAM_MANAGER) && !user.has(Role.ADMIN) && !user.has(Role.DIRECTOR)) {
            throw DomainException.forbidden();
        }
    }
}

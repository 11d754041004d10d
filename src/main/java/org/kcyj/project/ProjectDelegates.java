package org.kcyj.project;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.kcyj.audit.AuditLog;
import org.springframework.stereotype.Component;

/** Archives a project whose acceptance is recorded: the audit trail notes its closing. */
@Component("archiveProject")
class ArchiveProject implements JavaDelegate {
    private final AuditLog audit;

    ArchiveProject(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void execute(DelegateExecution execution) {
        audit.record("system", "PROJECT_ARCHIVED", execution.getProcessBusinessKey(), "CLOSED", "CLOSED", null);
    }
}

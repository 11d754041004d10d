package org.kcyj.workflow;

/**
 * An open user task that a stage's facade found for a business key and step and may complete for the user;
 * the stage hands it back to {@link Workflow#complete}.
 */
public record OpenTask(String id, String executionId, String taskKey, String businessKey, String assignee) {

    /** Whether the task is offered to roles (a unit, the programme, the director) rather than to one person. */
    public boolean offeredToRoles() {
        return assignee == null;
    }
}

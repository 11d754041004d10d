package org.kcyj.workflow;

import java.time.Instant;

/** An open user task as the inbox shows it: what, for which proposal, since when, where to act. */
public record WorkTask(String id, String taskKey, String name, String processKey, String businessKey,
                       Instant created, Instant due, String formId, String link) {
}

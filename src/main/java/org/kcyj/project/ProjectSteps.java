package org.kcyj.project;

import org.kcyj.project.acceptance.AcceptanceService;
import org.kcyj.workflow.ProcessStep;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Steps of the funded-project process: read the proposal id, call the project's facade. */
@Configuration
class ProjectSteps {

    @Bean
    ProcessStep archiveProject(AcceptanceService acceptances) {
        return step -> acceptances.archive(step.id(ProjectProcess.VAR_PROPOSAL_ID));
    }
}

package org.kcyj.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DeleteDeploymentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessDefinitionsByIdsCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessDefinitionsByKeyCmd;
import org.camunda.bpm.engine.impl.cmd.DeployCmd;
import org.camunda.bpm.engine.impl.cmd.RegisterDeploymentCmd;
import org.camunda.bpm.engine.impl.cmd.UnregisterDeploymentCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateDecisionDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateProcessDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.cmmn.cmd.UpdateCaseDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * The engine's own half of "no deployment through the API" (the other half is security's {@code CamundaExpressionGuard}):
 * a command that deploys, redeploys or deletes a deployment, deletes a definition or changes a definition's
 * history time-to-live is refused whenever it runs on behalf of a signed-in user. Camunda's REST API and
 * webapps always run as the signed-in administrator; the application's own deployment of its processes/
 * folder at start-up runs with no user, and stays allowed.
 */
@Component
class EngineDeploymentLock extends AbstractProcessEnginePlugin {
    static final String REFUSED = "Deployments are made by the application from its processes/ folder, not on behalf of a user.";

    private static final Set<Class<?>> DEPLOYMENT_CHANGES = Set.of(DeployCmd.class, DeleteDeploymentCmd.class,
            DeleteProcessDefinitionsByIdsCmd.class, DeleteProcessDefinitionsByKeyCmd.class,
            UpdateProcessDefinitionHistoryTimeToLiveCmd.class, UpdateDecisionDefinitionHistoryTimeToLiveCmd.class,
            UpdateCaseDefinitionHistoryTimeToLiveCmd.class, RegisterDeploymentCmd.class, UnregisterDeploymentCmd.class);

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setCustomPostCommandInterceptorsTxRequired(
                withLock(configuration.getCustomPostCommandInterceptorsTxRequired()));
        configuration.setCustomPostCommandInterceptorsTxRequiresNew(
                withLock(configuration.getCustomPostCommandInterceptorsTxRequiresNew()));
    }

    private static List<CommandInterceptor> withLock(List<CommandInterceptor> interceptors) {
        List<CommandInterceptor> all = interceptors == null ? new ArrayList<>() : new ArrayList<>(interceptors);
        all.add(new Lock());
        return all;
    }

    static boolean changesDeployments(Command<?> command) {
        for (Class<?> type : DEPLOYMENT_CHANGES) {
            if (type.isInstance(command)) {
                return true;
            }
        }
        return false;
    }

    /** Runs inside the command context (after Camunda's own context interceptor), where the user is known. */
    static final class Lock extends CommandInterceptor {
        @Override
        public <T> T execute(Command<T> command) {
            if (changesDeployments(command)) {
                CommandContext context = Context.getCommandContext();
                Authentication user = context == null ? null : context.getAuthentication();
                if (user != null) {
                    throw new AuthorizationException(REFUSED);
                }
            }
            return next.execute(command);
        }
    }
}

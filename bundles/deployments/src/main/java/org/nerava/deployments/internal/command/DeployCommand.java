package org.nerava.deployments.internal.command;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.nerava.deployments.internal.Deployment;
import org.nerava.deployments.internal.DeploymentSettings;
import org.nerava.deployments.internal.DeploymentStatus;
import org.nerava.deployments.internal.DeploymentTarget;
import org.nerava.deployments.internal.Deployments;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditActors;

@Service
@Command(scope = "nerava", name = "deploy",
        description = "Dispatches the target's GitHub Actions deployment workflow (recorded, audited, followed to its"
                + " outcome); --rollback dispatches the ref of the target's last deployment that succeeded")
public class DeployCommand implements Action {

    @Argument(index = 0, name = "target", required = true, description = "backend, driver, admin or merchant")
    @Completion(TargetCompleter.class)
    String target;

    @Argument(index = 1, name = "ref", required = false,
            description = "Branch or tag to deploy; defaultRef of org.nerava.deployments when omitted")
    String ref;

    @Option(name = "--rollback", description = "Deploy the ref of the target's last successful deployment")
    boolean rollback;

    @Reference
    Deployments deployments;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        String actor = AuditActors.shell(session.get("USER"));
        DeploymentTarget chosen = DeploymentTarget.of(target).orElseThrow(
                () -> new IllegalArgumentException("unknown target '" + target + "'; one of " + DeploymentTarget.ids()));
        DeploymentSettings settings = deployments.settings();
        if (rollback && ref != null) {
            throw new IllegalArgumentException("--rollback takes no ref: it deploys the last one that succeeded");
        }
        String gitRef = ref == null || ref.isBlank() ? settings.defaultRef() : ref.strip();
        Deployment d;
        try {
            d = (rollback ? deployments.rollback(chosen, actor, null) : deployments.trigger(chosen, gitRef, actor, null))
                    .toCompletableFuture()
                    .get(settings.connectTimeout().toMillis() + settings.requestTimeout().toMillis() + 5_000,
                            TimeUnit.MILLISECONDS)
                    .deployment();
        } catch (ProblemException e) {
            // The shell prints the message of what a command throws; a problem's detail is that message.
            throw new IllegalStateException(e.problem().getDetail());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(cause instanceof ProblemException p ? p.problem().getDetail()
                    : "the deployment could not be recorded: " + cause.getMessage(), cause);
        }
        if (d.status() == DeploymentStatus.FAILED) {
            throw new IllegalStateException("deployment " + d.id() + " failed: " + d.error());
        }
        System.out.println("Deployment " + d.id() + ": " + d.target().id() + " on " + d.ref() + " " + d.status().id()
                + (d.runId() == null ? "" : ", run " + d.runId()) + (d.htmlUrl() == null ? "" : " " + d.htmlUrl())
                + "; followed to its outcome: nerava:deployments");
        return null;
    }
}

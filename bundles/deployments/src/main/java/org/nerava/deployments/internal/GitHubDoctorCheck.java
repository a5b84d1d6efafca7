package org.nerava.deployments.internal;

import java.util.ArrayList;
import java.util.List;

import org.nerava.deployments.internal.github.GitHubReadAccess;
import org.nerava.deployments.internal.github.GitHubReadAccess.Answer;
import org.nerava.platform.doctor.DoctorCheck;
import org.nerava.platform.doctor.Finding;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code github}: whether deployments could be dispatched, asked read-only with the configured token (GET the
 * repository, then GET each configured target's workflow; nothing is dispatched). Not configured at all is OK
 * (deployments are optional); a refused token or a missing repository or workflow is a WARN naming the key to fix:
 * the node serves drivers either way. It reads {@code org.nerava.deployments} through
 * {@link CurrentDeploymentSettings}, not the deployment service, so it runs in check mode, where the deployment service
 * (which needs the database) does not.
 */
@Component(service = DoctorCheck.class)
public class GitHubDoctorCheck implements DoctorCheck {

    private final CurrentDeploymentSettings settings;

    @Activate
    public GitHubDoctorCheck(@Reference CurrentDeploymentSettings settings) {
        this.settings = settings;
    }

    /** For tests: settings read from a configuration annotation. */
    GitHubDoctorCheck(DeploymentsConfig config) {
        this(CurrentDeploymentSettings.fixed(new DeploymentSettings(config)));
    }

    @Override
    public String name() {
        return "github";
    }

    @Override
    public List<Finding> check() {
        DeploymentSettings current = settings.get();
        List<DeploymentTarget> configured = new ArrayList<>();
        for (DeploymentTarget target : DeploymentTarget.values()) {
            if (current.workflow(target) != null) {
                configured.add(target);
            }
        }
        boolean anything = !current.token().isEmpty() || current.repository() != null && !current.repository()
                .isEmpty() || !configured.isEmpty();
        if (!anything) {
            return List.of(Finding.ok("github", "deployments not configured"));
        }
        List<String> missing = configured.isEmpty() ? List.of("workflow<Target> (NERAVA_DEPLOY_WORKFLOW_<TARGET>)")
                : current.missing(configured.get(0)).stream().filter(key -> !key.startsWith("workflow")).toList();
        if (!missing.isEmpty()) {
            return List.of(Finding.warn("github", "deployments partly configured; missing: "
                    + String.join(", ", missing), "set them in etc/org.nerava.deployments.cfg or the environment"));
        }
        GitHubReadAccess github = new GitHubReadAccess(current.apiUrl(), current.token(), current.connectTimeout(),
                current.requestTimeout());
        Answer repository = github.repository(current.repository());
        if (!repository.ok()) {
            return List.of(refused("github", "repository " + current.repository(), repository));
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.ok("github", "repository " + current.repository() + " reachable with the token"));
        for (DeploymentTarget target : configured) {
            String check = "github." + target.id();
            Answer workflow = github.workflow(current.repository(), current.workflow(target));
            findings.add(workflow.ok() ? Finding.ok(check, "workflow " + current.workflow(target) + " found")
                    : refused(check, "workflow " + current.workflow(target), workflow));
        }
        return findings;
    }

    private static Finding refused(String check, String what, Answer answer) {
        String fix = switch (answer.status()) {
            case 401 -> "the token is refused: set a valid NERAVA_GITHUB_TOKEN (.token)";
            case 403 -> "the token may not read it: give NERAVA_GITHUB_TOKEN Actions read and write on the repository";
            case 404 -> what.startsWith("workflow") ? "check the workflow file name (NERAVA_DEPLOY_WORKFLOW_<TARGET>)"
                    : "check NERAVA_GITHUB_REPOSITORY (owner/repo) and that the token can see it";
            case 0 -> "check NERAVA_GITHUB_API_URL and that this host reaches it";
            default -> "see GitHub's status; NERAVA_GITHUB_TOKEN, NERAVA_GITHUB_REPOSITORY";
        };
        return Finding.warn(check, what + ": " + answer.detail(), fix);
    }
}

package org.nerava.deployments.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.util.Map;
import java.util.function.Predicate;

import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.config.ConfigCheck;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.DelegatedConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.nerava.platform.config.RefusalAudit;
import org.nerava.platform.config.SettingsLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PID {@code org.nerava.deployments} as the deployment service and the {@code github} doctor check read it: checked as
 * a whole and followed without restarting either (readers take {@link #get()} per call). It never fails to activate and
 * needs no database, so a bad file never turns {@code /v1/admin/deployments} into a 404: an update with a refused value
 * is refused whole, loudly (a WARN naming PID, key, value and range, an audit entry {@code config.refused},
 * {@code /readyz} check {@code configuration}), and the last good values keep serving; a bad file at boot comes up on
 * the defaults of the refused keys. Fixing the file applies at once.
 */
@Component(service = {CurrentDeploymentSettings.class, ConfigurationStatus.class},
        configurationPid = DeploymentsConfig.PID)
@Designate(ocd = DeploymentsConfig.class)
public class CurrentDeploymentSettings implements DelegatedConfigurationStatus {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentDeploymentSettings.class);

    private final LastGoodSettings<DeploymentSettings> settings = new LastGoodSettings<>(DeploymentsConfig.PID);
    private final SettingsLog log = new SettingsLog(DeploymentsConfig.PID, "deployments keep", LOG::info, LOG::warn);
    private final RefusalAudit audit = new RefusalAudit(DeploymentsConfig.PID, log::notAudited);

    @Activate
    public CurrentDeploymentSettings(Map<String, Object> properties) {
        modified(properties);
    }

    /** One public constructor only, so Felix SCR has exactly one to choose. */
    private CurrentDeploymentSettings() {
    }

    /** For tests: fixed settings. */
    static CurrentDeploymentSettings fixed(DeploymentSettings fixed) {
        CurrentDeploymentSettings current = new CurrentDeploymentSettings();
        current.settings.install(fixed);
        return current;
    }

    @Modified
    synchronized void modified(Map<String, ?> properties) {
        LastGoodSettings.Update update = settings.update(check(properties), DeploymentSettings::new);
        log.updated(update);
        audit.refused(update);
    }

    /** Every key's type and range: the ranges the metatype of {@link DeploymentsConfig} declares. */
    static ConfigCheck<DeploymentsConfig> check(Map<String, ?> properties) {
        ConfigCheck<DeploymentsConfig> checked = ConfigCheck.of(DeploymentsConfig.PID, DeploymentsConfig.class,
                        properties)
                .within("verifyWindowSeconds", 1, DeploymentsConfig.MAX_VERIFY_WINDOW_SECONDS)
                .within("verifyIntervalSeconds", 1, DeploymentsConfig.MAX_INTERVAL_SECONDS)
                .within("connectTimeoutMs", 100, DeploymentsConfig.MAX_CONNECT_TIMEOUT_MS)
                .within("requestTimeoutMs", 100, DeploymentsConfig.MAX_REQUEST_TIMEOUT_MS)
                .within("maxResponseBytes", DeploymentSettings.MIN_RESPONSE_BYTES, DeploymentsConfig.MAX_RESPONSE_BYTES)
                .within("pollIntervalSeconds", 1, DeploymentsConfig.MAX_INTERVAL_SECONDS)
                .within("maxPollIntervalSeconds", 1, DeploymentsConfig.MAX_VERIFY_WINDOW_SECONDS)
                .within("maxFollowMinutes", 1, DeploymentsConfig.MAX_FOLLOW_MINUTES);
        DeploymentsConfig values = checked.values();
        refuseUnless(checked, "githubApiUrl", values.githubApiUrl(), DeploymentSettings::isApiUrl,
                "an http(s) URL without credentials or query; empty: https://api.github.com");
        refuseUnless(checked, "repository", values.repository(), DeploymentSettings::isRepository,
                "owner/repo; empty: deployments off");
        String workflow = "a workflow file name (deploy-backend.yml) or id; empty: that target off";
        refuseUnless(checked, "workflowBackend", values.workflowBackend(), DeploymentSettings::isWorkflow, workflow);
        refuseUnless(checked, "workflowDriver", values.workflowDriver(), DeploymentSettings::isWorkflow, workflow);
        refuseUnless(checked, "workflowAdmin", values.workflowAdmin(), DeploymentSettings::isWorkflow, workflow);
        refuseUnless(checked, "workflowMerchant", values.workflowMerchant(), DeploymentSettings::isWorkflow, workflow);
        String verify = "an http(s) URL without credentials; empty: not verified";
        refuseUnless(checked, "verifyUrlBackend", values.verifyUrlBackend(), DeploymentSettings::isVerifyUrl, verify);
        refuseUnless(checked, "verifyUrlDriver", values.verifyUrlDriver(), DeploymentSettings::isVerifyUrl, verify);
        refuseUnless(checked, "verifyUrlAdmin", values.verifyUrlAdmin(), DeploymentSettings::isVerifyUrl, verify);
        refuseUnless(checked, "verifyUrlMerchant", values.verifyUrlMerchant(), DeploymentSettings::isVerifyUrl,
                verify);
        if (!DeploymentSettings.areInputs(values.workflowInputs())) {
            checked.refuse("workflowInputs", "name=value entries, comma-separated, at most "
                    + DeploymentSettings.MAX_INPUTS + "; empty: no inputs");
        }
        refuseUnless(checked, "defaultRef", values.defaultRef(), Refs::isValid, "a branch or tag name such as main");
        return checked;
    }

    /** Refuses a text that is set (not blank) and not what {@code good} accepts. */
    private static void refuseUnless(ConfigCheck<DeploymentsConfig> checked, String key, String value,
            Predicate<String> good, String allowed) {
        if (value != null && !value.isBlank() && !good.test(value)) {
            checked.refuse(key, allowed);
        }
    }

    /** The settings in force: the last good ones. */
    public DeploymentSettings get() {
        return settings.get();
    }

    @Override
    public ConfigurationStatus configurationStatus() {
        return settings;
    }

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void bindAudit(AuditTrail trail) {
        audit.bind(trail);
    }

    void unbindAudit(AuditTrail trail) {
        audit.unbind(trail);
    }
}

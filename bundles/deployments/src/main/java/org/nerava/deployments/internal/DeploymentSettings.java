package org.nerava.deployments.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DeploymentsConfig}, checked. Nothing here can stop the component: a missing or malformed setting makes only the
 * deployments that need it answer 503 {@code deployments_not_configured}, naming the key. The token itself is never
 * part of any text this class produces.
 */
public final class DeploymentSettings {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentSettings.class);
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final Pattern WORKFLOW = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final Pattern INPUT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,99}");
    /** GitHub accepts at most 25 inputs per dispatch. */
    static final int MAX_INPUTS = 25;
    private static final int MIN_TIMEOUT_MS = 100;
    static final int MIN_RESPONSE_BYTES = 1024;

    private final URI apiUrl;
    private final String apiUrlProblem;
    private final String token;
    private final String repository;
    private final String repositoryProblem;
    private final Map<DeploymentTarget, String> workflows = new EnumMap<>(DeploymentTarget.class);
    private final Map<DeploymentTarget, URI> verifyUrls = new EnumMap<>(DeploymentTarget.class);
    private final Duration verifyWindow;
    private final Duration verifyInterval;
    private final Map<String, String> inputs;
    private final String defaultRef;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final Duration pollInterval;
    private final Duration maxPollInterval;
    private final Duration maxFollow;

    public DeploymentSettings(DeploymentsConfig config) {
        String url = trim(config.githubApiUrl());
        if (url.isEmpty()) {
            url = DeploymentsConfig.DEFAULT_GITHUB_API_URL;
        }
        URI parsed = null;
        String urlProblem = null;
        try {
            parsed = new URI(url);
            if (!("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme())) || parsed.getHost() == null
                    || parsed.getUserInfo() != null || parsed.getQuery() != null) {
                urlProblem = "githubApiUrl (not an http(s) URL without credentials or query)";
                parsed = null;
            }
        } catch (URISyntaxException e) {
            urlProblem = "githubApiUrl (not a URL)";
        }
        this.apiUrl = parsed;
        this.apiUrlProblem = urlProblem;
        this.token = trim(config._token());
        String repo = trim(config.repository());
        this.repository = REPOSITORY.matcher(repo).matches() ? repo : "";
        this.repositoryProblem = repo.isEmpty() ? "repository"
                : this.repository.isEmpty() ? "repository (not owner/repo)" : null;
        workflow(DeploymentTarget.BACKEND, config.workflowBackend());
        workflow(DeploymentTarget.DRIVER, config.workflowDriver());
        workflow(DeploymentTarget.ADMIN, config.workflowAdmin());
        workflow(DeploymentTarget.MERCHANT, config.workflowMerchant());
        verifyUrl(DeploymentTarget.BACKEND, config.verifyUrlBackend());
        verifyUrl(DeploymentTarget.DRIVER, config.verifyUrlDriver());
        verifyUrl(DeploymentTarget.ADMIN, config.verifyUrlAdmin());
        verifyUrl(DeploymentTarget.MERCHANT, config.verifyUrlMerchant());
        this.verifyWindow = Duration.ofSeconds(Math.max(1, config.verifyWindowSeconds()));
        this.verifyInterval = Duration.ofSeconds(Math.max(1, config.verifyIntervalSeconds()));
        this.inputs = inputs(config.workflowInputs());
        String ref = trim(config.defaultRef());
        this.defaultRef = Refs.isValid(ref) ? ref : "main";
        this.connectTimeout = Duration.ofMillis(Math.max(MIN_TIMEOUT_MS, config.connectTimeoutMs()));
        this.requestTimeout = Duration.ofMillis(Math.max(MIN_TIMEOUT_MS, config.requestTimeoutMs()));
        this.maxResponseBytes = Math.max(MIN_RESPONSE_BYTES, config.maxResponseBytes());
        this.pollInterval = Duration.ofSeconds(Math.max(1, config.pollIntervalSeconds()));
        this.maxPollInterval = Duration.ofSeconds(Math.max(pollInterval.toSeconds(), config.maxPollIntervalSeconds()));
        this.maxFollow = Duration.ofMinutes(Math.max(1, config.maxFollowMinutes()));
    }

    private void workflow(DeploymentTarget target, String value) {
        String workflow = trim(value);
        if (WORKFLOW.matcher(workflow).matches()) {
            workflows.put(target, workflow);
        } else if (!workflow.isEmpty()) {
            LOG.warn("org.nerava.deployments: {} is not a workflow file name or id; deployments of {} are off",
                    target.workflowKey(), target.id());
        }
    }

    private void verifyUrl(DeploymentTarget target, String value) {
        String url = trim(value);
        if (url.isEmpty()) {
            return;
        }
        URI parsed = httpUrl(url);
        if (parsed == null) {
            // Off rather than guessed: a deployment of this target is then verification "skipped", as the log says.
            LOG.warn("org.nerava.deployments: {} is not an http(s) URL without credentials; deployments of {} are not"
                    + " verified", target.verifyUrlKey(), target.id());
            return;
        }
        verifyUrls.put(target, parsed);
    }

    /** The URL when it is an absolute http(s) URL with a host and no credentials in it, else null. */
    private static URI httpUrl(String url) {
        try {
            URI parsed = new URI(url);
            boolean http = "https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme());
            return http && parsed.getHost() != null && parsed.getUserInfo() == null ? parsed : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Map<String, String> inputs(String[] entries) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (entries == null) {
            return parsed;
        }
        // A .cfg line is one string: "a=1,b=2" arrives as one entry.
        List<String> split = new ArrayList<>();
        for (String entry : entries) {
            if (entry != null) {
                split.addAll(List.of(entry.split(",")));
            }
        }
        for (String entry : split) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).strip();
            if (!INPUT_NAME.matcher(name).matches() || parsed.size() >= MAX_INPUTS) {
                LOG.warn("org.nerava.deployments: workflowInputs entry '{}' ignored (name=value, at most {} inputs)",
                        entry.strip(), MAX_INPUTS);
                continue;
            }
            parsed.put(name, entry.substring(eq + 1).strip());
        }
        return parsed;
    }

    /** Whether the value can be {@code githubApiUrl}: empty (GitHub's), or http(s) without credentials or query. */
    static boolean isApiUrl(String value) {
        String url = trim(value);
        if (url.isEmpty()) {
            return true;
        }
        URI parsed = httpUrl(url);
        return parsed != null && parsed.getQuery() == null;
    }

    static boolean isRepository(String value) {
        return REPOSITORY.matcher(trim(value)).matches();
    }

    static boolean isWorkflow(String value) {
        return WORKFLOW.matcher(trim(value)).matches();
    }

    static boolean isVerifyUrl(String value) {
        return httpUrl(trim(value)) != null;
    }

    /** Whether every {@code workflowInputs} entry is name=value, and there are at most 25 of them. */
    static boolean areInputs(String[] entries) {
        int count = 0;
        for (String entry : entries == null ? new String[0] : entries) {
            for (String part : entry == null ? new String[0] : entry.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq < 0 || !INPUT_NAME.matcher(part.substring(0, eq).strip()).matches() || ++count > MAX_INPUTS) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What a deployment of this target still needs, as configuration key names; empty when it can be dispatched. */
    public List<String> missing(DeploymentTarget target) {
        List<String> missing = new ArrayList<>();
        if (apiUrlProblem != null) {
            missing.add(apiUrlProblem);
        }
        if (token.isEmpty()) {
            missing.add(".token (NERAVA_GITHUB_TOKEN)");
        }
        if (repositoryProblem != null) {
            missing.add(repositoryProblem);
        }
        if (!workflows.containsKey(target)) {
            missing.add(target.workflowKey());
        }
        return missing;
    }

    public URI apiUrl() {
        return apiUrl;
    }

    /** The token; only for the {@code Authorization} header. */
    String token() {
        return token;
    }

    public String repository() {
        return repository;
    }

    public String workflow(DeploymentTarget target) {
        return workflows.get(target);
    }

    /** The configured inputs with their placeholders replaced. */
    public Map<String, String> inputs(Map<String, String> values) {
        Map<String, String> resolved = new LinkedHashMap<>();
        inputs.forEach((name, template) -> {
            String value = template;
            for (Map.Entry<String, String> v : values.entrySet()) {
                value = value.replace("{" + v.getKey() + "}", v.getValue());
            }
            resolved.put(name, value);
        });
        return Collections.unmodifiableMap(resolved);
    }

    public String defaultRef() {
        return defaultRef;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** The wait before the next look at a run that was seen unchanged {@code unchanged} times in a row. */
    public Duration pollDelay(int unchanged) {
        Duration delay = pollInterval;
        for (int i = 0; i < unchanged && delay.compareTo(maxPollInterval) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxPollInterval) < 0 ? delay : maxPollInterval;
    }

    /** The URL asked after a run of this target succeeded, or null: no verification. */
    public URI verifyUrl(DeploymentTarget target) {
        return verifyUrls.get(target);
    }

    public Duration verifyWindow() {
        return verifyWindow;
    }

    public Duration verifyInterval() {
        return verifyInterval;
    }

    public Duration maxFollow() {
        return maxFollow;
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}

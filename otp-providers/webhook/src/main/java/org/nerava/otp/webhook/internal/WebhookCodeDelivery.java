package org.nerava.otp.webhook.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.spi.OtpReceipt;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.config.ConfigCheck;
import org.nerava.platform.config.ConfigProblem;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.DelegatedConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.nerava.platform.config.RefusalAudit;
import org.nerava.platform.config.SettingsLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTP provider {@code webhook}: delivers Nerava's code by POSTing a JSON event to an endpoint of the operator's (their
 * own SMS gateway, a messaging service, a queue), signed the Standard Webhooks way ({@link WebhookSignature}).
 *
 * <p>The receiver's contract: 2xx accepted; 401 signature or timestamp refused (MISCONFIGURED: the secrets differ);
 * 403 destination refused (REFUSED); 422 a number it cannot deliver to (INVALID_PHONE); 429 throttled (RATE_LIMITED);
 * any other 3xx or 4xx a wrong URL or payload (MISCONFIGURED); 5xx UNAVAILABLE. An {@code otp.ping} event (sent by
 * {@code diagnose()}) is answered 2xx and delivers nothing.
 *
 * <p>Retries: only a connection that could not be made is tried again (nothing was sent), with the same
 * {@code webhook-id}. Once the request may have reached the receiver (a timeout waiting for the answer, a 5xx, a
 * connection lost mid-way) the call fails and is not repeated: TIMEOUT keeps Nerava from sending again, UNAVAILABLE
 * lets it fall back to the next provider.
 *
 * <p>Always registered (configuration policy optional), so that an operator who drops the jar in sees it listed; until
 * {@code url} and {@code .secret} are set every call fails at once with MISCONFIGURED naming the missing key.
 *
 * <p>Its configuration is checked as a whole ({@link #check}) and never fails the activation: the properties are read
 * as a map, not through the {@link Config} annotation, whose accessors would throw on {@code connectTimeoutMs = abc}
 * and make the provider vanish. An update with a refused value is refused whole, loudly (a WARN naming PID, key,
 * value and what is allowed, an audit entry {@code config.refused}, {@code /readyz} check {@code configuration}), and
 * the last good values keep serving; a bad file at boot comes up on the defaults of the refused keys (a refused url or
 * secret: MISCONFIGURED naming the refusal). Fixing the file applies at once.
 */
@Component(service = {CodeDelivery.class, ConfigurationStatus.class}, property = OtpProviders.PROVIDER_PROPERTY + "=" + WebhookCodeDelivery.ID,
        configurationPid = WebhookCodeDelivery.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WebhookCodeDelivery.Config.class)
public class WebhookCodeDelivery implements CodeDelivery, DelegatedConfigurationStatus {

    static final String ID = "webhook";
    static final String PID = "org.nerava.otp.webhook";
    static final String USER_AGENT = "Nerava-OTP-Webhook/1";
    /** Pause before trying a refused connection again: long enough for a restarting receiver, short for a driver. */
    static final Duration RECONNECT_PAUSE = Duration.ofMillis(200);
    private static final int THREADS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookCodeDelivery.class);

    @ObjectClassDefinition(name = "Nerava webhook OTP provider",
            description = "Delivers sign-in codes as signed JSON POSTs (Standard Webhooks) to an endpoint of yours.")
    public @interface Config {

        @AttributeDefinition(name = "URL", description = "Where codes are posted: https, or plain http to a loopback"
                + " address (NERAVA_OTP_WEBHOOK_URL)")
        String url() default "";

        /** {@code _secret} is property {@code .secret}: private to the component, never a service property. */
        @AttributeDefinition(name = "Signing secret", type = AttributeType.PASSWORD, description = "whsec_ followed by"
                + " the base64 of 24 to 64 random bytes, shared with the receiver (NERAVA_OTP_WEBHOOK_SECRET)")
        String _secret() default "";

        @AttributeDefinition(name = "Connect timeout (ms)", description = "Per connection attempt")
        int connectTimeoutMs() default 2000;

        @AttributeDefinition(name = "Read timeout (ms)", description = "From sending a request to the receiver's"
                + " answer; then TIMEOUT and no second send")
        int readTimeoutMs() default 5000;

        @AttributeDefinition(name = "Connect attempts", description = "Connections tried when one cannot be made"
                + " (nothing was sent), 1 to 3")
        int connectAttempts() default 2;

        @AttributeDefinition(name = "Largest answer read (bytes)", description = "The receiver's answer is its"
                + " status; at most this much of its body is read (and dropped) before the connection is closed")
        int maxResponseBytes() default 65536;

        @AttributeDefinition(name = "Allow plain http", description = "Plain http to any host, not only loopback;"
                + " the body carries the code, so only on a network you trust")
        boolean allowInsecureHttp() default false;
    }

    /** The settings of one activation or modification with the client built for them. */
    private record Endpoint(WebhookSettings settings, HttpClient client) {
    }

    private final Clock clock;
    private final ExecutorService executor;
    private final LastGoodSettings<Endpoint> endpoint = new LastGoodSettings<>(PID);
    private final SettingsLog log = new SettingsLog(PID, "the webhook provider keeps", LOG::info, LOG::warn);
    private final RefusalAudit audit = new RefusalAudit(PID, log::notAudited);

    @Activate
    public WebhookCodeDelivery(Map<String, Object> properties) {
        this(properties, Clock.systemUTC());
    }

    WebhookCodeDelivery(Map<String, ?> properties, Clock clock) {
        this.clock = clock;
        // Our own small pool for the client's work, ended in deactivate(), so nothing of ours outlives an uninstall.
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "nerava-otp-webhook-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
        modified(properties);
    }

    @Modified
    synchronized void modified(Map<String, ?> properties) {
        // Calls in flight finish on the client they started with; new calls take the new settings.
        ConfigCheck<Config> checked = check(properties);
        List<ConfigProblem> refused = checked.problems();
        LastGoodSettings.Update update = endpoint.update(checked, values -> endpoint(values, refused));
        log.updated(update);
        audit.refused(update);
    }

    /**
     * Every key's type and range (those of the {@link Config} metatype), and a url or secret that is set but unusable.
     * A refused url is shown without its user info and query, which may hold a credential; the secret is never shown.
     */
    static ConfigCheck<Config> check(Map<String, ?> properties) {
        ConfigCheck<Config> checked = ranges(properties);
        Config values = checked.values();
        String urlProblem = WebhookSettings.urlProblem(values.url(), values.allowInsecureHttp());
        if (urlProblem != null) {
            checked.refuseUrl("url", "an https URL with a host, without user or fragment (plain http only to a loopback"
                    + " address, or with allowInsecureHttp = true); empty: not configured");
        }
        if (WebhookSettings.secretProblem(values._secret()) != null) {
            checked.refuse(".secret", WebhookSettings.SECRET_PREFIX + " followed by the base64 of "
                    + WebhookSettings.MIN_SECRET_BYTES + " to " + WebhookSettings.MAX_SECRET_BYTES
                    + " random bytes; empty: not configured");
        }
        return checked;
    }

    private static ConfigCheck<Config> ranges(Map<String, ?> properties) {
        return ConfigCheck.of(PID, Config.class, properties)
                .within("connectTimeoutMs", 1, WebhookSettings.MAX_TIMEOUT_MS)
                .within("readTimeoutMs", 1, WebhookSettings.MAX_TIMEOUT_MS)
                .within("connectAttempts", 1, WebhookSettings.MAX_CONNECT_ATTEMPTS)
                .within("maxResponseBytes", 0, Integer.MAX_VALUE);
    }

    @Override
    public ConfigurationStatus configurationStatus() {
        return endpoint;
    }

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void bindAudit(AuditTrail trail) {
        audit.bind(trail);
    }

    void unbindAudit(AuditTrail trail) {
        audit.unbind(trail);
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    private Endpoint endpoint(Config config, List<ConfigProblem> refused) {
        // Configuration only: no DNS lookup, no connection (diagnose() does the talking).
        WebhookSettings settings = WebhookSettings.from(config, refused);
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout)
                // The signed request goes where the operator said, or nowhere: a redirect is a configuration error.
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
        if (settings.usable()) {
            LOG.info("Webhook OTP provider configured: {}", settings);
        } else {
            LOG.warn("Webhook OTP provider not usable until configured ({}): {}", PID, settings.problems);
        }
        return new Endpoint(settings, client);
    }

    @Override
    public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
        Endpoint current = endpoint.get();
        if (!current.settings().usable()) {
            return CompletableFuture.failedFuture(misconfigured(current.settings()));
        }
        String id = "otp_" + UUID.randomUUID().toString().replace("-", "");
        byte[] body = WebhookPayload.code(message, clock.instant());
        String to = OtpProviders.maskPhone(message.phoneE164());
        return post(current, id, body, 1).handle((status, failure) -> {
            if (failure != null) {
                OtpProviderException problem = asProviderException(failure);
                // The id lets an operator find the same delivery in the receiver's logs.
                LOG.warn("webhook delivery {} to {} failed: {} {}", id, to, problem.reason(), problem.getMessage());
                throw new CompletionException(problem);
            }
            if (status >= 200 && status < 300) {
                return new OtpReceipt(id);
            }
            // The body is never read: a receiver may echo the code.
            LOG.warn("webhook receiver answered HTTP {} to delivery {} to {}", status, id, to);
            throw new CompletionException(answered(status));
        });
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        Endpoint current = endpoint.get();
        WebhookSettings settings = current.settings();
        if (!settings.usable()) {
            return CompletableFuture.completedFuture(Diagnosis.unhealthy("not configured: "
                    + String.join("; ", settings.problems)));
        }
        // A signed otp.ping: proves the URL, TLS and the shared secret (a receiver that verifies answers 401 to a
        // wrong one) and sends nothing to anybody.
        String id = "ping_" + UUID.randomUUID().toString().replace("-", "");
        long started = System.nanoTime();
        return post(current, id, WebhookPayload.ping(clock.instant()), settings.connectAttempts).handle((status, failure) -> {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("url", settings.url.getScheme() + "://" + settings.url.getAuthority() + settings.url.getPath());
            facts.put("worst_case_ms", settings.worstCase().toMillis());
            if (failure != null) {
                OtpProviderException problem = asProviderException(failure);
                return new Diagnosis(false, "receiver unreachable: " + problem.reason() + " " + problem.getMessage(),
                        facts);
            }
            facts.put("http_status", status);
            facts.put("latency_ms", (System.nanoTime() - started) / 1_000_000);
            if (status >= 200 && status < 300) {
                return new Diagnosis(true, "receiver accepted a signed ping", facts);
            }
            return new Diagnosis(false, "receiver answered the signed ping with HTTP " + status
                    + (status == 401 ? " (signature refused: do both sides have the same secret?)" : ""), facts);
        });
    }

    /**
     * One signed POST; tries a connection again (same id, fresh timestamp and signature) only while none could be
     * made, up to {@code connectAttempts} in all. Any other failure ends the call: the request may have arrived.
     */
    private CompletableFuture<Integer> post(Endpoint current, String id, byte[] body, int attempt) {
        WebhookSettings settings = current.settings();
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(settings.url)
                .timeout(settings.readTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.ID_HEADER, id)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(settings.secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        CompletableFuture<HttpResponse<Void>> exchange;
        // The handler must not reach this component: the client's pooled connection keeps it, and from this
        // component the client, whose selector thread would then never see it unused and never end.
        Executor reading = executor;
        try {
            exchange = current.client().sendAsync(request,
                    info -> new StatusOnlyBody(settings.maxResponseBytes, settings.readTimeout, reading));
        } catch (RuntimeException e) {
            // The executor is shut down (deactivated) or the client refused the request outright.
            return CompletableFuture.failedFuture(new OtpProviderException(Reason.UNAVAILABLE, null,
                    "webhook provider is stopping", e));
        }
        return exchange.handle((response, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(response.statusCode());
            }
            Throwable cause = unwrap(failure);
            if (nothingWasSent(cause) && attempt < settings.connectAttempts) {
                LOG.info("webhook {}: no connection ({}), trying again", id, cause.getClass().getSimpleName());
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(RECONNECT_PAUSE.toMillis(), TimeUnit.MILLISECONDS, executor))
                        .thenCompose(ignored -> post(current, id, body, attempt + 1));
            }
            return CompletableFuture.<Integer>failedFuture(callFailed(cause, attempt));
        }).thenCompose(stage -> stage);
    }

    /** A connection that was refused, timed out or had no address: the request never left this machine. */
    static boolean nothingWasSent(Throwable cause) {
        return cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException;
    }

    private static OtpProviderException callFailed(Throwable cause, int attempts) {
        String what = cause.getClass().getSimpleName();
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            // Nothing was sent: a fault Nerava may fall back from without sending the code twice.
            return new OtpProviderException(Reason.UNAVAILABLE, "connect",
                    "could not connect to the webhook receiver (" + what + ", " + attempts + " attempt"
                            + (attempts == 1 ? "" : "s") + ")", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            // The request went out; the receiver may still deliver the code: TIMEOUT, never sent again.
            return new OtpProviderException(Reason.TIMEOUT, "read_timeout",
                    "the webhook receiver did not answer in time", cause);
        }
        if (cause instanceof IOException) {
            return new OtpProviderException(Reason.UNAVAILABLE, "io",
                    "the connection to the webhook receiver failed (" + what + ")", cause);
        }
        return new OtpProviderException(Reason.UNAVAILABLE, null, "webhook call failed (" + what + ")", cause);
    }

    static OtpProviderException answered(int status) {
        String code = "http_" + status;
        if (status >= 500) {
            return new OtpProviderException(Reason.UNAVAILABLE, code, "webhook receiver answered HTTP " + status, null);
        }
        return switch (status) {
            case 401 -> new OtpProviderException(Reason.MISCONFIGURED, code,
                    "webhook receiver refused the signature (HTTP 401): check that both sides have the same .secret"
                            + " and synchronised clocks", null);
            case 403 -> new OtpProviderException(Reason.REFUSED, code, "webhook receiver refused the destination", null);
            case 422 -> new OtpProviderException(Reason.INVALID_PHONE, code,
                    "webhook receiver cannot deliver to the number", null);
            case 429 -> new OtpProviderException(Reason.RATE_LIMITED, code, "webhook receiver throttles the number",
                    null);
            default -> new OtpProviderException(Reason.MISCONFIGURED, code, "webhook receiver answered HTTP " + status
                    + (status < 400 ? " (redirects are not followed: configure the final URL)"
                            : " (check url and the receiver's contract)"), null);
        };
    }

    private static OtpProviderException misconfigured(WebhookSettings settings) {
        return new OtpProviderException(Reason.MISCONFIGURED, null, "webhook provider not configured (" + PID + "): "
                + String.join("; ", settings.problems), null);
    }

    private static OtpProviderException asProviderException(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof OtpProviderException e ? e : callFailed(cause, 1);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}

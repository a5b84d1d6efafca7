package ${package};

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.spi.OtpReceipt;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** OTP provider {@code ${providerId}}: each code in a POST to an HTTP SMS gateway. Inactive until configured. */
@Component(service = CodeDelivery.class, property = OtpProviders.PROVIDER_PROPERTY + "=${providerId}",
        configurationPid = GatewayCodeDelivery.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GatewayCodeDelivery.Config.class)
public class GatewayCodeDelivery implements CodeDelivery {

    static final String PID = "${package}";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayCodeDelivery.class);

    @ObjectClassDefinition(name = "OTP provider ${providerId}")
    public @interface Config {
        @AttributeDefinition(description = "The gateway's send URL, e.g. https://sms.example.com/send")
        String gatewayUrl() default "";

        /** {@code .apiKey}: a private property, never a service property. */
        @AttributeDefinition(type = AttributeType.PASSWORD, description = "Bearer token of the gateway")
        String _apiKey() default "";

        @AttributeDefinition(description = "Connect plus read stay below Nerava's providerTimeoutMillis (10000)")
        int connectTimeoutMs() default 2000;

        int readTimeoutMs() default 5000;
    }

    private final URI gateway;
    private final String apiKey;
    private final Duration readTimeout;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final HttpClient client;

    @Activate
    public GatewayCodeDelivery(Config config) {
        // Configuration only: no connection, no DNS lookup here (diagnose() does the talking). Throwing leaves this
        // component inactive, listed failed with the message by nerava:otp-providers.
        if (config.gatewayUrl().isBlank()) {
            throw new IllegalArgumentException("gatewayUrl is not set (PID " + PID + ")");
        }
        this.gateway = URI.create(config.gatewayUrl());
        this.apiKey = config._apiKey();
        this.readTimeout = Duration.ofMillis(config.readTimeoutMs());
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                .executor(threads).build();
    }

    @Deactivate
    void deactivate() {
        threads.shutdownNow();
    }

    @Override
    public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
        String form = "to=" + message.phoneE164().replace("+", "%2B") + "&text=Your+code+is+" + message.code();
        HttpRequest request = HttpRequest.newBuilder(gateway).timeout(readTimeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        String to = OtpProviders.maskPhone(message.phoneE164());
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(unreachable(failure));
            }
            if (response.statusCode() / 100 == 2) {
                LOG.info("code sent to {}", to);
                return new OtpReceipt(response.headers().firstValue("Message-Id").orElse(null));
            }
            throw new CompletionException(answered(response.statusCode()));
        });
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        // A HEAD request: proves the URL and the credentials, sends nothing to anybody.
        HttpRequest probe = HttpRequest.newBuilder(gateway).timeout(readTimeout)
                .header("Authorization", "Bearer " + apiKey).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
        return client.sendAsync(probe, HttpResponse.BodyHandlers.discarding()).handle((response, failure) ->
                failure != null ? Diagnosis.unhealthy("gateway unreachable: " + unreachable(failure).getMessage())
                        : response.statusCode() == 401 || response.statusCode() == 403
                                ? Diagnosis.unhealthy("gateway refused the API key (HTTP " + response.statusCode() + ")")
                                : Diagnosis.healthy("gateway reachable (HTTP " + response.statusCode() + ")"));
    }

    private static OtpProviderException answered(int status) {
        Reason reason = switch (status) {
            case 400 -> Reason.INVALID_PHONE;
            case 401, 403 -> Reason.MISCONFIGURED;
            case 429 -> Reason.RATE_LIMITED;
            default -> Reason.UNAVAILABLE;
        };
        return new OtpProviderException(reason, Integer.toString(status), "gateway answered HTTP " + status, null);
    }

    private static OtpProviderException unreachable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        // A timeout after the request went out may still become a text: never retried.
        Reason reason = cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)
                ? Reason.TIMEOUT : Reason.UNAVAILABLE;
        return new OtpProviderException(reason, null, "gateway: " + cause.getClass().getSimpleName(), cause);
    }
}

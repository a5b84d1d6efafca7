package org.nerava.otp.twilio.client.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * How the SDK talks HTTP here: the SDK's own {@link NetworkHttpClient} on an httpclient5 client built for OTP.
 * <ul>
 * <li><b>One attempt.</b> The SDK would repeat any request (a POST included) on a 5xx up to three times, and
 * httpclient5 repeats on 429/503 and some I/O errors: a send that Twilio processed but answered badly would reach the
 * driver twice. Both are off. Nothing is retried here at all; see {@link TwilioFailures} for which failures are known
 * to have sent nothing.</li>
 * <li><b>Timeouts that hold.</b> {@code NetworkHttpClient.makeRequest} stamps every request with the SDK's defaults
 * (30.5 s to connect, 10 s for a pooled connection), which would win over the client's defaults; an exec interceptor
 * at the head of the chain puts ours back on every exchange. The read timeout is the socket timeout, which bounds
 * each read, not the answer; the call's overall deadline ({@link TwilioCall}) aborts the exchange through the
 * {@link Cancellable} the interceptor hands it.</li>
 * <li><b>Another base URL.</b> With {@code apiBaseUrl} set, every {@code https://<product>.twilio.com} URL the SDK
 * makes is rewritten to it (a fake Twilio on loopback in tests; a relay in exotic networks).</li>
 * </ul>
 */
final class TwilioTransport extends HttpClient implements AutoCloseable {

    private static final Pattern TWILIO_URL = Pattern.compile("https://[A-Za-z0-9.-]+\\.twilio\\.com(/.*)?");

    private final SdkClient delegate;
    private final String baseUrl;

    // RequestConfig's connect timeout is deprecated in favour of the pool's ConnectionConfig (set below too), but a
    // connect timeout the SDK puts in its own request config would win over the pool's: stamping ours keeps the bound.
    @SuppressWarnings("deprecation")
    TwilioTransport(TwilioSettings settings) {
        Timeout connect = Timeout.of(settings.connectTimeout);
        Timeout read = Timeout.of(settings.readTimeout);
        this.baseUrl = settings.apiBaseUrl == null ? null : settings.apiBaseUrl.toString();
        long maxResponseBytes = settings.maxResponseBytes;
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .useSystemProperties()
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).setSoKeepAlive(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(read)
                        // A pooled connection Twilio closed meanwhile would fail a POST after it was written.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .setMaxConnTotal(settings.threads)
                .setMaxConnPerRoute(settings.threads)
                .build();
        HttpClientBuilder builder = HttpClientBuilder.create()
                .useSystemProperties()
                .setConnectionManager(connections)
                .disableAutomaticRetries()
                .disableCookieManagement()
                .addExecInterceptorFirst("nerava-timeouts", (request, scope, chain) -> {
                    RequestConfig stamped = scope.clientContext.getRequestConfigOrDefault();
                    scope.clientContext.setRequestConfig(RequestConfig.copy(stamped)
                            .setConnectTimeout(connect)
                            .setConnectionRequestTimeout(connect)
                            .setResponseTimeout(read)
                            .build());
                    TwilioCall<?> call = TwilioCall.CURRENT.get();
                    if (call != null && scope.originalRequest instanceof Cancellable cancellable) {
                        call.attach(cancellable);
                    }
                    ClassicHttpResponse answer = chain.proceed(request, scope);
                    if (answer.getEntity() != null) {
                        answer.setEntity(new CappedEntity(answer.getEntity(), maxResponseBytes));
                    }
                    return answer;
                });
        this.delegate = new SdkClient(builder);
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    /** The SDK's retry loop, without the loop. */
    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        Response response = delegate.makeRequest(baseUrl == null ? request : rewritten(request));
        TwilioCall<?> call = TwilioCall.CURRENT.get();
        if (call != null && response != null) {
            call.answered(response.getStatusCode());
        }
        return response;
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The same request against {@link #baseUrl}: method, parameters, headers, body and credentials. */
    private Request rewritten(Request original) {
        Matcher twilio = TWILIO_URL.matcher(original.getUrl());
        if (!twilio.matches()) {
            return original;
        }
        String path = twilio.group(1) == null ? "" : twilio.group(1);
        Request copy = new Request(original.getMethod(), baseUrl + path);
        copyParams(original.getQueryParams(), copy::addQueryParam);
        copyParams(original.getPostParams(), copy::addPostParam);
        copyParams(original.getHeaderParams(), copy::addHeaderParam);
        copy.setContentType(original.getContentType());
        copy.setBody(original.getBody());
        copy.setFormParameters(original.getFormParameters());
        copy.setUserAgentExtensions(original.getUserAgentExtensions());
        if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        } else if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        }
        return copy;
    }

    private static void copyParams(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
        from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
    }

    /** The SDK's client on our builder, with a way to close it (the SDK keeps it in a protected field). */
    private static final class SdkClient extends NetworkHttpClient {

        SdkClient(HttpClientBuilder builder) {
            super(builder);
        }

        void close() {
            client.close(CloseMode.IMMEDIATE);
        }
    }
}

package org.nerava.otp.console.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpReceipt;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development provider: "delivers" a code by writing one log line with the phone and the code, e.g.
 * {@code console OTP +14155550123 code 123456}, for a developer (or a black-box test) to read in
 * {@code data/log/karaf.log}. Because that line is a secret in any real deployment, it refuses to activate unless the
 * server runs with {@code profile=dev} (PID {@code org.nerava.platform}).
 */
@Component(property = "otp.provider=console", configurationPid = "org.nerava.platform",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class ConsoleCodeDelivery implements CodeDelivery {

    /** The profile key of the platform configuration. */
    @ObjectClassDefinition(pid = "org.nerava.platform.console", name = "Console OTP provider",
            description = "Reads profile from org.nerava.platform")
    public @interface Config {
        String profile() default "prod";
    }

    static final String LOGGER = "org.nerava.otp.console";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final AtomicLong sent = new AtomicLong();

    @Activate
    public ConsoleCodeDelivery(Config config) {
        if (!"dev".equalsIgnoreCase(config.profile().strip())) {
            throw new IllegalStateException("The console OTP provider writes codes to the log and runs only with"
                    + " profile=dev (this server runs profile=" + config.profile() + "); configure a real provider");
        }
        LOG.warn("Console OTP provider active (profile=dev): codes are written to this log, never sent");
    }

    @Override
    public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
        long number = sent.incrementAndGet();
        LOG.info("console OTP {} code {}", message.phoneE164(), message.code());
        return CompletableFuture.completedFuture(new OtpReceipt("console-" + number));
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        return CompletableFuture.completedFuture(
                new Diagnosis(true, "writes codes to the log (profile=dev)", Map.of("codes_written", sent.get())));
    }
}

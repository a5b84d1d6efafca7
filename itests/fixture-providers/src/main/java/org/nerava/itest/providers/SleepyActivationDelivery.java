package org.nerava.itest.providers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpReceipt;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * A provider that breaks rule 1 of writing a plugin: its {@code @Activate} sleeps ten minutes (a credential check
 * against a host that never answers), ignoring interrupts. Inactive until PID {@code org.nerava.itest.sleepy} exists.
 */
@Component(configurationPid = "org.nerava.itest.sleepy", configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "otp.provider=itest-sleepy")
public class SleepyActivationDelivery implements CodeDelivery {

    @Activate
    public SleepyActivationDelivery() {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                // swallowed on purpose
            }
        }
    }

    @Override
    public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
        return CompletableFuture.completedFuture(new OtpReceipt("itest-sleepy"));
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        return CompletableFuture.completedFuture(Diagnosis.healthy("awake"));
    }
}

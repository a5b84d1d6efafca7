package org.nerava.itest.providers;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpReceipt;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The hostile plugin: {@code deliver()} blocks the calling thread and swallows every interrupt, so a thread that
 * calls it is lost until this component is deactivated. Inactive until PID {@code org.nerava.itest.stubborn} exists.
 */
@Component(configurationPid = "org.nerava.itest.stubborn", configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "otp.provider=itest-stubborn")
public class StubbornDelivery implements CodeDelivery {

    /** Released only when the component goes, so a test's server can stop. */
    private final CountDownLatch gone = new CountDownLatch(1);

    @Deactivate
    void deactivate() {
        gone.countDown();
    }

    @Override
    public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
        blockIgnoringInterrupts();
        throw new IllegalStateException("itest-stubborn: deactivated");
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        blockIgnoringInterrupts();
        throw new IllegalStateException("itest-stubborn: deactivated");
    }

    private void blockIgnoringInterrupts() {
        while (true) {
            try {
                gone.await();
                return;
            } catch (InterruptedException e) {
                // swallowed on purpose: this is the provider that ignores its deadline
            }
        }
    }
}

package org.nerava.itest.providers;

import java.util.concurrent.CompletionStage;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpReceipt;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The outage that started Nerava: a provider that blows up while starting. It must never take anything with it. */
@Component(property = "otp.provider=itest-broken")
public class BrokenActivationDelivery implements CodeDelivery {

    @Activate
    public BrokenActivationDelivery() {
        throw new IllegalStateException("itest-broken: credentials rejected while starting (on purpose)");
    }

    @Override
    public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
        throw new AssertionError("never activated");
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        throw new AssertionError("never activated");
    }
}

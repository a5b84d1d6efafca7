package org.nerava.itest.providers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpReceipt;
import org.osgi.service.component.annotations.Component;

/** A provider that is down: every send fails at once with UNAVAILABLE, so sign-in falls back. */
@Component(property = "otp.provider=itest-failing")
public class FailingDelivery implements CodeDelivery {

    @Override
    public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
        return CompletableFuture.failedFuture(new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE,
                "503", "gateway answered 503", null));
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        return CompletableFuture.completedFuture(Diagnosis.unhealthy("gateway answered 503"));
    }
}

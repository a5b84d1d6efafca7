package org.nerava.itest.providers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpReceipt;
import org.osgi.service.component.annotations.Component;

/** A provider whose calls never complete: the SMS gateway that accepted the connection and went silent. */
@Component(property = "otp.provider=itest-hanging")
public class HangingDelivery implements CodeDelivery {

    @Override
    public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
        return new CompletableFuture<>();
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        return new CompletableFuture<>();
    }
}

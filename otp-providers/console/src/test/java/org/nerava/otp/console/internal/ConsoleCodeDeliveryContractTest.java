package org.nerava.otp.console.internal;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

import org.nerava.otp.testkit.CodeDeliveryContract;

/**
 * The console provider under the provider contract. It has no backend, so nothing of it can fail or hang (those
 * checks are skipped), and it is the one provider that writes codes to its log on purpose (only with profile=dev).
 */
class ConsoleCodeDeliveryContractTest extends CodeDeliveryContract<ConsoleCodeDelivery> {

    private final List<ConsoleCodeDelivery> activated = new ArrayList<>();

    @Override
    protected ConsoleCodeDelivery activate() {
        ConsoleCodeDelivery console = new ConsoleCodeDelivery(new ConsoleCodeDelivery.Config() {
            @Override
            public String profile() {
                return "dev";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsoleCodeDelivery.Config.class;
            }
        });
        activated.add(console);
        return console;
    }

    @Override
    protected ConsoleCodeDelivery activateFailing() {
        return null;
    }

    @Override
    protected void deactivate(ConsoleCodeDelivery provider) {
        // No @Deactivate: it starts no thread and holds nothing.
    }

    @Override
    protected int sentSoFar() {
        // What each console says it wrote (its diagnosis), summed over every one the contract activated.
        return activated.stream().mapToInt(console -> ((Number) console.diagnose().toCompletableFuture().join()
                .details().get("codes_written")).intValue()).sum();
    }

    @Override
    protected boolean writesCodesToItsLogOnPurpose() {
        return true;
    }
}

package org.nerava.otp.testkit;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.nerava.otp.testkit.InMemoryDelivery.Backend;
import org.nerava.otp.testkit.InMemoryDelivery.Misbehaviour;

/** A well-behaved delivery passes the whole contract; subclasses here break one rule each. */
class InMemoryDeliveryContractTest extends CodeDeliveryContract<InMemoryDelivery> {

    final AtomicInteger sent = new AtomicInteger();
    /** Empty when JUnit runs the contract; one broken rule in {@link TheContractCatchesEachBrokenRuleTest}. */
    final Set<Misbehaviour> misbehaviours = EnumSet.noneOf(Misbehaviour.class);

    @Override
    protected InMemoryDelivery activate() {
        return new InMemoryDelivery(Backend.WORKS, sent, misbehaviours);
    }

    @Override
    protected InMemoryDelivery activateFailing() {
        return new InMemoryDelivery(Backend.FAILS, sent, misbehaviours);
    }

    @Override
    protected InMemoryDelivery activateHanging() {
        return new InMemoryDelivery(Backend.HANGS, sent, misbehaviours);
    }

    @Override
    protected void deactivate(InMemoryDelivery provider) {
        provider.deactivate();
    }

    @Override
    protected int sentSoFar() {
        return sent.get();
    }
}

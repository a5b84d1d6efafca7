package org.nerava.otp.twilio.client.testing;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

import org.nerava.testing.otp.FakeTwilio;

/**
 * What the Twilio providers' contract tests run on: a fake Twilio on loopback that answers like Twilio, one that
 * answers 500 to everything and one that never answers, and for each provider made on one of them the account
 * component (with its client's threads) it runs on, closed when the provider is deactivated.
 *
 * @param <P> the provider
 */
public final class ContractTwilios<P> implements AutoCloseable {

    private final FakeTwilio twilio = FakeTwilio.likeTwilio();
    private final FakeTwilio failingTwilio = FakeTwilio.likeTwilio();
    private final FakeTwilio hangingTwilio = FakeTwilio.likeTwilio();
    private final Map<P, TestTwilioAccount> accounts = new IdentityHashMap<>();
    private final Function<TestTwilioAccount, P> provider;

    /** @param provider makes the provider on an account, as DS would */
    public ContractTwilios(Function<TestTwilioAccount, P> provider) {
        this.provider = provider;
        failingTwilio.mode(FakeTwilio.Mode.SERVER_ERROR);
        hangingTwilio.mode(FakeTwilio.Mode.HANG);
    }

    public P answering() {
        return on(twilio);
    }

    public P failing() {
        return on(failingTwilio);
    }

    public P hanging() {
        return on(hangingTwilio);
    }

    /** Deactivating the provider is deactivating what it runs on too. */
    public void deactivate(P deactivated) {
        accounts.remove(deactivated).close();
    }

    /** Requests to this path (below the account) that reached any of the three fakes. */
    public int received(String path) {
        return twilio.received(path).size() + failingTwilio.received(path).size()
                + hangingTwilio.received(path).size();
    }

    /** The fakes' own threads, which are not the provider's. */
    public static boolean isFake(Thread thread) {
        return thread.getName().startsWith("fake-twilio");
    }

    @Override
    public void close() {
        accounts.values().forEach(TestTwilioAccount::close);
        twilio.close();
        failingTwilio.close();
        hangingTwilio.close();
    }

    private P on(FakeTwilio fake) {
        TestTwilioAccount account = TestTwilioAccount.open(TestTwilioAccount.configured(fake.baseUrl()));
        P made = provider.apply(account);
        accounts.put(made, account);
        return made;
    }
}

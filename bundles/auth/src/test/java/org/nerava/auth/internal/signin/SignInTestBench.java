package org.nerava.auth.internal.signin;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.nerava.auth.internal.provider.BoundProvider;
import org.nerava.auth.internal.provider.OtpProviderRegistry;
import org.nerava.auth.internal.provider.ProviderCallGuard;
import org.nerava.auth.internal.provider.ProviderKind;
import org.nerava.auth.internal.pumping.PumpingGuard;
import org.nerava.auth.internal.settings.AuthConfigs;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.auth.internal.store.AuthStore;
import org.nerava.platform.ProblemException;
import org.nerava.testing.SteppingClock;
import org.nerava.testing.TestDatabase;

/**
 * What the sign-in tests run against: the bundle's real persistence unit on H2 and PostgreSQL, the real provider
 * registry, call guard and SMS-pumping guard, and one provider, {@code inbox}, that keeps what it is asked to deliver.
 * A test changes {@link #config} and takes a {@link #service()} that reads it.
 */
abstract class SignInTestBench {

    final SteppingClock clock;
    final TestProviders.Inbox inbox = new TestProviders.Inbox();
    /** The database the concrete class runs on, once each ({@code @ParameterizedClass}, {@code Engines}). */
    @Parameter
    TestDatabase.Engine engine;

    TestDatabase database;
    AuthStore store;
    Map<String, Object> config;
    CurrentAuthSettings settings;
    ProviderCallGuard guard;
    OtpProviderRegistry registry;
    PumpingGuard pumping;

    /** @param start the time the clock starts at: the daily budget's reset depends on it */
    SignInTestBench(Instant start) {
        clock = new SteppingClock(start);
    }

    /** Keys the whole test class needs before the guards are built (a guard sizes its pool once). */
    void configure(Map<String, Object> config) {
    }

    @BeforeEach
    void setUpBench() {
        database = TestDatabase.on(engine, AuthStore.UNIT);
        store = new AuthStore(database.jpa(), database.dataSource());
        config = AuthConfigs.testDefaults();
        config.put("provider", "inbox");
        configure(config);
        settings = CurrentAuthSettings.of(AuthConfigs.with(config));
        guard = new ProviderCallGuard(clock, settings);
        pumping = new PumpingGuard(settings);
        registry = new OtpProviderRegistry(settings, guard);
        registry.bind(new BoundProvider("inbox", ProviderKind.DELIVERY, inbox));
    }

    @AfterEach
    void tearDownBench() throws Exception {
        guard.close();
        pumping.close();
        database.close();
    }

    /** A node's sign-in service with the configuration as the test left it. */
    SignInService service() {
        settings.apply(AuthConfigs.with(config));
        return new SignInService(store, registry, guard, settings, pumping, clock);
    }

    static <T> T await(Supplier<CompletionStage<T>> call) {
        try {
            return call.get().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("expected success, got " + e, e);
        }
    }

    static ProblemException problemException(Supplier<? extends CompletionStage<?>> call) {
        try {
            Object result = call.get().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a problem, got " + result);
        } catch (ProblemException e) {
            return e;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof ProblemException problem) {
                return problem;
            }
            throw new AssertionError("expected a problem, got " + cause, cause);
        } catch (Exception e) {
            throw new AssertionError("expected a problem, got " + e, e);
        }
    }
}

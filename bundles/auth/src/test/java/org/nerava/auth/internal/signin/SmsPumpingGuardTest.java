package org.nerava.auth.internal.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.auth.internal.pumping.PumpingGuard;
import org.nerava.platform.ProblemException;
import org.nerava.testing.TestDatabase;

/**
 * The SMS-pumping guard in the sign-in flow, on the bundle's real persistence unit: regions codes may go to, the
 * number-range velocity limit and the daily budget, the last two shared by every node on the database.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class SmsPumpingGuardTest extends SignInTestBench {

    SmsPumpingGuardTest() {
        // 22:00 UTC: the daily budget comes back two hours later.
        super(Instant.parse("2026-11-28T22:00:00Z"));
    }

    @Test
    void byDefaultOnlyTheDeploymentsRegionGetsCodesAndOthersAre422WithoutAProviderCall() {
        SignInService service = service();
        for (String abroad : new String[] {"+37121234567", "+1 876 210 1234", "+44 7400 123456"}) {
            ProblemException refused = problemException(() -> service.start(abroad, "10.0.0.1", Locale.US, null));
            assertThat(refused.problem().getStatus()).as(abroad).isEqualTo(422);
            assertThat(refused.problem().getCode()).isEqualTo("phone_refused");
        }
        assertThat(inbox.messages).isEmpty();
        await(() -> service.start("+14155550123", "10.0.0.1", Locale.US, null));
        assertThat(inbox.messages).hasSize(1);
    }

    @Test
    void allowedCountriesOpensTheListedRegionsAndAStarOpensEvery() {
        config.put("allowedCountries", new String[] {"us, lv"});
        SignInService listed = service();
        await(() -> listed.start("+37121234567", "10.0.0.1", Locale.US, null));
        assertThat(problemException(() -> listed.start("+447400123456", "10.0.0.1", Locale.US, null))
                .problem().getCode()).isEqualTo("phone_refused");

        config.put("allowedCountries", new String[] {"*"});
        SignInService every = service();
        await(() -> every.start("+447400123456", "10.0.0.1", Locale.US, null));
        assertThat(inbox.messages).hasSize(2);
    }

    @Test
    void aBurstToOneNumberRangeIsRefusedPastItsLimitWhateverTheAddressesAndOtherRangesGoOn() {
        config.put("sendsPerPrefixPerHour", 5);
        SignInService service = service();
        int accepted = 0;
        for (int i = 0; i < 8; i++) {
            String phone = "+1415555" + String.format("%04d", 2000 + i);
            try {
                service.start(phone, "10.2.0." + i, Locale.US, null).toCompletableFuture().get(10, TimeUnit.SECONDS);
                accepted++;
            } catch (ProblemException e) {
                assertThat(e.problem().getStatus()).isEqualTo(429);
                assertThat(e.problem().getCode()).isEqualTo("rate_limited");
                assertThat(e.problem().getDetail()).contains("numbers like this one");
                assertThat(e.headers()).containsKey("Retry-After");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        assertThat(accepted).isEqualTo(5);
        await(() -> service.start("+16502530000", "10.2.0.99", Locale.US, null));
        clock.advance(Duration.ofMinutes(12));
        await(() -> service.start("+14155552100", "10.2.0.100", Locale.US, null));
        assertThat(inbox.messages).hasSize(7);
    }

    @Test
    void theDailyBudgetIsSharedByTwoNodesAndComesBackWithTheNextUtcDay() {
        config.put("sendsPerDay", 5);
        SignInService nodeA = service();
        PumpingGuard otherGuard = new PumpingGuard(settings);
        try {
            SignInService nodeB = new SignInService(store, registry, guard, settings, otherGuard, clock);
            for (int i = 0; i < 5; i++) {
                SignInService node = i % 2 == 0 ? nodeA : nodeB;
                String phone = "+1415555" + (3000 + i);
                await(() -> node.start(phone, "10.3.0.1", Locale.US, null));
            }
            ProblemException spent = problemException(() -> nodeB.start("+14155553100", "10.3.0.1", Locale.US, null));
            assertThat(spent.problem().getStatus()).isEqualTo(429);
            assertThat(spent.problem().getDetail()).contains("today");
            // 22:00 UTC: the budget is back at midnight, in two hours.
            assertThat(spent.headers()).containsEntry("Retry-After", "7200");
            assertThat(problemException(() -> nodeA.start("+14155553101", "10.3.0.1", Locale.US, null))
                    .problem().getStatus()).isEqualTo(429);

            clock.advance(Duration.ofHours(2));
            await(() -> nodeA.start("+14155553102", "10.3.0.1", Locale.US, null));
            assertThat(inbox.messages).hasSize(6);
        } finally {
            otherGuard.close();
        }
    }

    @Test
    void aRefusedRangeOrBudgetTakesNothingFromTheOtherLimits() {
        config.put("sendsPerDay", 1);
        config.put("sendsPerPhonePerHour", 1);
        SignInService service = service();
        await(() -> service.start("+14155554000", "10.4.0.1", Locale.US, null));
        assertThat(problemException(() -> service.start("+14155554001", "10.4.0.1", Locale.US, null))
                .problem().getDetail()).contains("today");
        clock.advance(Duration.ofHours(2));
        // The refused send did not take this phone's only token of the hour.
        await(() -> service.start("+14155554001", "10.4.0.1", Locale.US, null));
    }
}

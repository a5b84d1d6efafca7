package org.nerava.platform.config;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The settings a bundle serves with, kept good: an update checked by a {@link ConfigCheck} is applied whole when every
 * value is good, refused whole otherwise (the last good settings keep serving), and at boot, when there are no good
 * settings yet, built from {@link ConfigCheck#values()} (the refused keys at their defaults). It is the bundle's
 * {@link ConfigurationStatus}: register the settings component as one, delegating here, so {@code /readyz} reports a
 * refusal. The caller logs (and audits) what {@link #update} answers: this class has no logger of its own.
 *
 * @param <S> the bundle's working settings
 */
public final class LastGoodSettings<S> implements ConfigurationStatus {

    /** What an update did. */
    public record Update(boolean applied, List<ConfigProblem> refused, String serving, boolean recovered) {
    }

    private record Refusal(List<ConfigProblem> problems, String serving, Instant at) {
    }

    private final String pid;
    private final Clock clock;
    private volatile S settings;
    private volatile Instant appliedAt;
    private volatile Refusal refusal;

    public LastGoodSettings(String pid) {
        this(pid, Clock.systemUTC());
    }

    public LastGoodSettings(String pid, Clock clock) {
        this.pid = pid;
        this.clock = clock;
    }

    /**
     * Applies {@code checked} when every value is good (or nothing was applied yet), else keeps the settings in force.
     *
     * @param build turns checked values into settings; never given a refused value
     */
    public synchronized <A> Update update(ConfigCheck<A> checked, Function<A, S> build) {
        List<ConfigProblem> problems = checked.problems();
        if (problems.isEmpty()) {
            boolean recovered = refusal != null;
            install(build.apply(checked.values()));
            refusal = null;
            return new Update(true, List.of(), null, recovered);
        }
        String serving;
        boolean applied = settings == null;
        if (applied) {
            install(build.apply(checked.values()));
            serving = "the defaults of the refused keys, the other keys as given (no good configuration applied since"
                    + " start)";
        } else {
            serving = "the last good values (applied " + appliedAt + ")";
        }
        refusal = new Refusal(problems, serving, clock.instant());
        return new Update(applied, problems, serving, false);
    }

    /** Settings given directly (tests, or settings that need no check), in force until the next update. */
    public synchronized void install(S next) {
        settings = next;
        appliedAt = clock.instant();
    }

    /** The settings in force; null before the first update. */
    public S get() {
        return settings;
    }

    @Override
    public String pid() {
        return pid;
    }

    @Override
    public List<ConfigProblem> refused() {
        Refusal current = refusal;
        return current == null ? List.of() : current.problems();
    }

    @Override
    public String serving() {
        Refusal current = refusal;
        return current == null ? null : current.serving();
    }

    @Override
    public Instant refusedAt() {
        Refusal current = refusal;
        return current == null ? null : current.at();
    }
}

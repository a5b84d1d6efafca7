package org.nerava.otp.testkit;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The threads that were not alive when it was made: the ones a provider started since. */
final class ThreadsOfTheProvider {

    private final Set<Thread> before = Thread.getAllStackTraces().keySet();
    private final Predicate<Thread> notTheProviders;

    ThreadsOfTheProvider(Predicate<Thread> notTheProviders) {
        this.notTheProviders = notTheProviders;
    }

    List<String> stillAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && !notTheProviders.test(t))
                .map(Thread::getName)
                .sorted()
                .toList();
    }
}

package org.nerava.platform.metrics;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records a bundle's metrics. Every method is cheap, thread-safe and never throws for a well-formed call; a meter
 * is created on first use and found again by name and tags afterwards, so callers need not keep meter objects.
 *
 * <p>{@code tags} are key/value pairs: {@code "provider", "twilio_sms", "outcome", "sent"}. A name is always used
 * with the same tag keys.
 */
@ProviderType
public interface Meters {

    /** Adds one to the counter {@code name} with these tags. */
    void count(String name, String description, String... tags);

    /** Records one duration in the timer {@code name}: count, sum and latency histogram buckets. */
    void time(String name, String description, Duration duration, String... tags);

    /**
     * Publishes a value read when {@code /metrics} is scraped (a queue's depth, a circuit's state). Registering the
     * same name and tags again keeps the first supplier. The supplier must be fast and must not block.
     */
    void gauge(String name, String description, DoubleSupplier value, String... tags);

    /**
     * Publishes a total that only grows and is counted elsewhere (events sent since start), read when scraped;
     * exposed as a Prometheus counter.
     */
    void total(String name, String description, DoubleSupplier total, String... tags);
}

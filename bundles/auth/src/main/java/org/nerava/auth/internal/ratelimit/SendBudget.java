package org.nerava.auth.internal.ratelimit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The day's budget of codes: at most {@code perDay} sends in one UTC day, counted by every node sharing the database.
 * Unlike a {@link SendLimit} it does not refill smoothly: it is what an operator budgets with the SMS provider.
 *
 * @param day the UTC day, e.g. {@code 2026-12-05}
 * @param retryAfterSeconds seconds until the next day begins, for a refused send
 */
public record SendBudget(String day, int perDay, long retryAfterSeconds) {

    public SendBudget {
        if (perDay < 1) {
            throw new IllegalArgumentException("a daily budget is at least 1");
        }
    }

    /** The budget of the UTC day that contains {@code nowMillis}. */
    public static SendBudget of(int perDay, long nowMillis) {
        LocalDate day = Instant.ofEpochMilli(nowMillis).atOffset(ZoneOffset.UTC).toLocalDate();
        long nextDay = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return new SendBudget(day.toString(), perDay, Math.max(1, (nextDay - nowMillis + 999) / 1000));
    }
}

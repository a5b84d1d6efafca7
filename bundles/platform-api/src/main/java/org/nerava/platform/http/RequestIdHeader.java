package org.nerava.platform.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The {@code X-Request-Id} every answer carries: the caller's when it is sane, else a new one. */
public final class RequestIdHeader {

    /** The header's name. */
    public static final String NAME = "X-Request-Id";

    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIdHeader() {
    }

    /** The caller's id when it is sane (1–64 of {@code A-Z a-z 0-9 . _ : -}), else a new one. */
    public static String accept(String offered) {
        return offered != null && SANE_ID.matcher(offered).matches() ? offered : newId();
    }

    /**
     * A random (version 4) UUID from the thread's own generator: request ids correlate log lines, they guard nothing,
     * and {@link UUID#randomUUID()}'s SecureRandom took about 5% of the request threads' CPU samples (JFR).
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}

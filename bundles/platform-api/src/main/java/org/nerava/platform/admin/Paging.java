package org.nerava.platform.admin;

import org.nerava.platform.ProblemException;

/**
 * A page request from query parameters, the same on every admin list: {@code page} and {@code size} (page 1 first),
 * or {@code limit} and {@code offset}. Parameters arrive as text so a bad value is a 400 naming it, not JAX-RS's 404.
 *
 * @param offset entries to skip
 * @param limit entries to return
 */
public record Paging(int offset, int limit) {

    /** Entries per page when the caller names no size. */
    public static final int DEFAULT_LIMIT = 20;
    /** Beyond this an offset scan costs more than any admin screen needs. */
    public static final int MAX_OFFSET = 100_000;

    /**
     * Reads the page from the query parameters as they arrived (each may be null).
     *
     * @param maxLimit the largest page this list serves
     * @throws ProblemException 400 {@code invalid_field} naming the parameter that is not a number in range, or
     *         when both styles are mixed
     */
    public static Paging of(String page, String size, String limit, String offset, int maxLimit) {
        boolean pageStyle = page != null || size != null;
        boolean offsetStyle = limit != null || offset != null;
        if (pageStyle && offsetStyle) {
            throw ProblemException.badRequest("invalid_field", "use page and size, or limit and offset, not both");
        }
        if (pageStyle) {
            int pageSize = number("size", size, DEFAULT_LIMIT, 1, maxLimit);
            int pageNumber = number("page", page, 1, 1, MAX_OFFSET / pageSize + 1);
            return new Paging((pageNumber - 1) * pageSize, pageSize);
        }
        return new Paging(number("offset", offset, 0, 0, MAX_OFFSET), number("limit", limit, DEFAULT_LIMIT, 1, maxLimit));
    }

    private static int number(String name, String text, int absent, int min, int max) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("invalid_field",
                "query parameter '" + name + "' must be a whole number from " + min + " to " + max);
    }
}

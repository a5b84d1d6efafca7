package org.nerava.favorites.internal;

/** One of a driver's favorites ({@code createdAt} in epoch milliseconds: when it was first added). */
public record Favorite(String merchantId, long createdAt) {
}

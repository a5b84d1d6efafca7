package org.nerava.auth.internal.store;

/** A driver as the rest of the bundle sees one; {@code id} is internal and never leaves the server. */
public record Driver(String id, String publicId, String phoneE164, String authProvider) {
}

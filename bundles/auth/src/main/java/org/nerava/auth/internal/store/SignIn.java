package org.nerava.auth.internal.store;

/** A completed sign-in: the driver (new or returning) whose session was just stored. */
public record SignIn(Driver driver, boolean newDriver) {
}

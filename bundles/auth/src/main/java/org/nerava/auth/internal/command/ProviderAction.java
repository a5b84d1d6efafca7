package org.nerava.auth.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.nerava.auth.internal.provider.OtpProviderRegistry;
import org.nerava.auth.internal.provider.ProviderCallGuard;

/**
 * A shell command that looks at the bound OTP providers: the registry that binds them and the guard every call to
 * one goes through, so a diagnosis from the shell keeps the same deadline and breaker as sign-in (Karaf injects
 * superclass fields too).
 */
abstract class ProviderAction implements Action {

    @Reference
    OtpProviderRegistry registry;

    @Reference
    ProviderCallGuard guard;
}

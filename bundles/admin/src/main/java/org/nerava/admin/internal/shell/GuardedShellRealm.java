package org.nerava.admin.internal.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.nerava.admin.internal.guard.AdminSignInGuard;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code karaf} JAAS realm as the SSH shell signs in with it, behind the admin sign-in guard: Karaf's own realm
 * (or whatever realm of that name an operator installed, LDAP included) with {@link ShellGuardLoginModule} put first.
 * It outranks every other realm of the name, so Karaf's {@code JaasPasswordAuthenticator} gets this one; it asks the
 * realm it wraps for its modules at each sign-in, so a reconfigured {@code etc/org.apache.karaf.jaas.cfg} (users file,
 * bcrypt) applies as before. Without a realm to wrap it has only the guard, which signs nobody in.
 */
@Component(service = JaasRealm.class, property = GuardedShellRealm.GUARDED + "=true")
public class GuardedShellRealm implements JaasRealm {

    /** Service property that keeps this realm out of the realms it wraps. */
    static final String GUARDED = "nerava.guarded";
    static final String REALM = "karaf";

    private final AdminSignInGuard guard;
    private final String bundleId;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(" + GUARDED + "=true))")
    private volatile List<JaasRealm> realms = List.of();

    @Activate
    public GuardedShellRealm(@Reference AdminSignInGuard guard, BundleContext context) {
        this(guard, Long.toString(context.getBundle().getBundleId()));
    }

    GuardedShellRealm(AdminSignInGuard guard, String bundleId) {
        this.guard = guard;
        this.bundleId = bundleId;
    }

    void setRealms(List<JaasRealm> realms) {
        this.realms = List.copyOf(realms);
    }

    @Override
    public String getName() {
        return REALM;
    }

    /** One above the realm it wraps, so that Karaf's JAAS configuration always picks this one. */
    @Override
    public int getRank() {
        return wrapped().map(realm -> realm.getRank() == Integer.MAX_VALUE ? realm.getRank() : realm.getRank() + 1)
                .orElse(0);
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        List<AppConfigurationEntry> entries = new ArrayList<>();
        Map<String, Object> options = new HashMap<>();
        options.put(ProxyLoginModule.PROPERTY_MODULE, ShellGuardLoginModule.class.getName());
        options.put(ProxyLoginModule.PROPERTY_BUNDLE, bundleId);
        options.put(ShellGuardLoginModule.GUARD_OPTION, guard);
        // Requisite: the refusal of a locked sign-in (thrown at commit) ends it. The module never succeeds in login,
        // so the modules after it decide alone whether the password is right, as they did without it.
        entries.add(new AppConfigurationEntry(ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE,
                options));
        wrapped().ifPresent(realm -> entries.addAll(List.of(realm.getEntries())));
        return entries.toArray(new AppConfigurationEntry[0]);
    }

    /** The highest-ranked other realm named {@code karaf}. */
    private Optional<JaasRealm> wrapped() {
        JaasRealm best = null;
        for (JaasRealm realm : realms) {
            if (REALM.equals(realm.getName()) && (best == null || realm.getRank() > best.getRank())) {
                best = realm;
            }
        }
        return Optional.ofNullable(best);
    }
}

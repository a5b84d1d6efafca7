package org.nerava.admin.internal.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.nerava.platform.concurrent.DaemonThreads;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A password written in clear into {@code etc/users.properties} (by hand, or by an older release) is replaced by its
 * hash when the admin feature starts: one sign-in to the karaf realm with it, in the background, on which Karaf's
 * properties login module hashes the password and saves the file ({@code encryption.enabled} in
 * {@code etc/org.apache.karaf.jaas.cfg}). Karaf would do the same at the user's first sign-in; doing it at start
 * means a clear password does not wait in the file until then. If it stays clear (encryption switched off), a WARN
 * says so. Hashed entries and group lines ({@code _g_:}) are left alone.
 */
@Component(immediate = true)
public class ClearPasswords {

    static final String HASH_PREFIX = "{CRYPT}";
    private static final String GROUP_PREFIX = "_g_:";
    private static final Logger LOG = LoggerFactory.getLogger(ClearPasswords.class);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("nerava-admin-hash"));
    private final KarafRealm realm = new KarafRealm(AdminAuthenticationFilter.REALM, AdminAuthenticationFilter.ROLE);

    @Activate
    void activate() {
        Path users = Paths.get(System.getProperty("karaf.etc", "etc"), "users.properties");
        worker.execute(() -> hash(users));
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    void hash(Path usersFile) {
        List<String> clear = clearUsers(usersFile);
        for (String user : clear) {
            try {
                realm.check(user, clearPassword(usersFile, user).toCharArray());
            } catch (KarafRealm.UnavailableException | IOException e) {
                LOG.warn("Could not hash the password of user {} in {}: {}", user, usersFile, e.getMessage());
                return;
            }
        }
        List<String> stillClear = clearUsers(usersFile);
        clear.stream().filter(user -> !stillClear.contains(user))
                .forEach(user -> LOG.info("The password of user {} in {} is now kept as a hash", user, usersFile));
        if (!stillClear.isEmpty()) {
            LOG.warn("{} keeps the password of user(s) {} in clear: set encryption.enabled = true in"
                    + " etc/org.apache.karaf.jaas.cfg (see docs/operations.md)", usersFile, stillClear);
        }
    }

    /** The users whose password the file holds in clear. */
    static List<String> clearUsers(Path usersFile) {
        List<String> clear = new ArrayList<>();
        Properties users = read(usersFile);
        for (String user : users.stringPropertyNames()) {
            String password = password(users.getProperty(user));
            if (!user.startsWith(GROUP_PREFIX) && !password.isEmpty() && !password.startsWith(HASH_PREFIX)) {
                clear.add(user);
            }
        }
        clear.sort(null);
        return clear;
    }

    private static String clearPassword(Path usersFile, String user) throws IOException {
        return password(read(usersFile).getProperty(user, ""));
    }

    /** {@code password,role,role...}: the first field. */
    private static String password(String entry) {
        int comma = entry.indexOf(',');
        return (comma < 0 ? entry : entry.substring(0, comma)).strip();
    }

    private static Properties read(Path usersFile) {
        Properties users = new Properties();
        if (Files.isRegularFile(usersFile)) {
            try (InputStream in = Files.newInputStream(usersFile)) {
                users.load(in);
            } catch (IOException e) {
                LOG.warn("Cannot read {}: {}", usersFile, e.getMessage());
            }
        }
        return users;
    }
}

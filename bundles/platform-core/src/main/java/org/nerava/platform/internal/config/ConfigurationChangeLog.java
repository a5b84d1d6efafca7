package org.nerava.platform.internal.config;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs, at DEBUG on logger {@value #LOGGER}, each change the configuration admin hands to a Nerava PID (a .cfg edit,
 * {@code config:property-set}, {@code nerava:otp-use} writing back): the keys that changed, with the values as the
 * configuration holds them ({@code $[env:...]} as written). Values of private keys ({@code .token}) and of keys named
 * like secrets are shown as {@code ****}. The components apply a change as it is delivered; their own warnings say
 * when they refuse a value.
 */
@Component(immediate = true)
public class ConfigurationChangeLog implements ConfigurationListener {

    static final String LOGGER = "org.nerava.config";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final String MASK = "****";

    private final ConfigurationAdmin configurationAdmin;
    private final Map<String, Map<String, String>> lastSeen = new ConcurrentHashMap<>();

    @Activate
    public ConfigurationChangeLog(@Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        // What every Nerava PID holds now: a change made later logs only the keys it changed (a PID's every key,
        // sign-in's about forty, would not fit the log's 500 characters).
        try {
            Configuration[] existing = configurationAdmin.listConfigurations(
                    "(" + Constants.SERVICE_PID + "=org.nerava.*)");
            for (Configuration configuration : existing == null ? new Configuration[0] : existing) {
                lastSeen.put(configuration.getPid(), read(configuration.getPid()));
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.debug("Cannot list the Nerava configurations: {}", e.toString());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        String owner = event.getFactoryPid() == null ? pid : event.getFactoryPid();
        if (!owner.startsWith("org.nerava.") || !LOG.isDebugEnabled()) {
            return;
        }
        Map<String, String> now = event.getType() == ConfigurationEvent.CM_DELETED ? Map.of() : read(pid);
        Map<String, String> before = lastSeen.put(pid, now);
        String changes = describe(before, now);
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            LOG.debug("Configuration {} deleted: the defaults in code apply", pid);
        } else if (!changes.isEmpty()) {
            LOG.debug("Configuration {} updated{}: {}", pid, before == null ? " (every key: its first change seen)" : "",
                    changes);
        }
    }

    private Map<String, String> read(String pid) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations(
                    "(" + Constants.SERVICE_PID + "=" + pid + ")");
            if (found == null || found.length == 0 || found[0].getProperties() == null) {
                return Map.of();
            }
            Dictionary<String, Object> properties = found[0].getProperties();
            Map<String, String> values = new TreeMap<>();
            for (String key : Collections.list(properties.keys())) {
                if (!key.equals(Constants.SERVICE_PID) && !key.startsWith("felix.") && !key.startsWith("service.")) {
                    values.put(key, secret(key) ? MASK : String.valueOf(properties.get(key)));
                }
            }
            return values;
        } catch (IOException | InvalidSyntaxException e) {
            LOG.debug("Cannot read configuration {}: {}", pid, e.toString());
            return Map.of();
        }
    }

    /** {@code key=value} of each key added or changed, {@code key removed} of each one gone; in key order. */
    static String describe(Map<String, String> before, Map<String, String> now) {
        Map<String, String> previous = before == null ? Map.of() : before;
        StringJoiner changes = new StringJoiner(", ");
        TreeSet<String> keys = new TreeSet<>(previous.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            if (!now.containsKey(key)) {
                changes.add(key + " removed");
            } else if (!Objects.equals(previous.get(key), now.get(key))) {
                changes.add(key + "=" + now.get(key));
            }
        }
        return changes.toString();
    }

    /** Private keys, and keys whose name says they hold a secret (apiKey, authToken, password, codeHmacKeys...). */
    static boolean secret(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        return key.startsWith(".") || name.contains("secret") || name.contains("token") || name.contains("password")
                || name.contains("key");
    }
}

package org.nerava.platform.config;

import java.util.List;
import java.util.function.Consumer;

/**
 * Says in a bundle's log what happened to its settings, in the words every settings component uses, so that an
 * operator reads the same lines whichever PID is at fault: a WARN a refused value naming what keeps serving meanwhile,
 * an INFO when a good file ends a refusal, a WARN a warning of settings just applied. It takes the bundle's logger as
 * two consumers because this API bundle depends on no logging API.
 */
public final class SettingsLog {

    private final String pid;
    private final String keeps;
    private final Consumer<String> info;
    private final Consumer<String> warn;

    /**
     * @param pid the PID whose updates are told
     * @param keeps who keeps serving while a value is refused, with the verb: e.g. {@code "sign-in keeps"}
     * @param info the bundle's logger at INFO, e.g. {@code LOG::info}
     * @param warn the bundle's logger at WARN, e.g. {@code LOG::warn}
     */
    public SettingsLog(String pid, String keeps, Consumer<String> info, Consumer<String> warn) {
        this.pid = pid;
        this.keeps = keeps;
        this.info = info;
        this.warn = warn;
    }

    /** Tells what {@link LastGoodSettings#update} did: nothing when it applied a file that ended no refusal. */
    public void updated(LastGoodSettings.Update update) {
        if (update.recovered()) {
            info.accept(pid + ": configuration applied; the values refused before are no longer in it");
        }
        for (ConfigProblem problem : update.refused()) {
            warn.accept(problem.describe() + "; " + keeps + " " + update.serving() + " until the file is fixed");
        }
    }

    /** Warns of each doubtful but accepted value of the settings just applied. */
    public void warnings(List<String> warnings) {
        warnings.forEach(warning -> warn.accept(pid + ": " + warning));
    }

    /** For {@link RefusalAudit}: why a refusal could not be recorded in the audit trail. */
    public void notAudited(String failure) {
        warn.accept(pid + ": the refusal could not be audited: " + failure);
    }
}

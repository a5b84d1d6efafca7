package org.nerava.deployments.internal;

import java.util.regex.Pattern;

/** Git ref names as a deployment accepts them: a branch, a tag or a full {@code refs/...} name. */
public final class Refs {

    /** Letters, digits and {@code . _ - /}; no {@code ..}, no leading or trailing {@code /} or {@code .}. */
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._/-]{0,254}");

    private Refs() {
    }

    public static boolean isValid(String ref) {
        return ref != null && REF.matcher(ref).matches() && !ref.contains("..") && !ref.contains("//")
                && !ref.endsWith("/") && !ref.endsWith(".") && !ref.endsWith(".lock");
    }
}

package org.nerava.platform.internal.rest;

import java.lang.annotation.Annotation;

/** {@link PlatformConfig} as Declarative Services would hand it to a component, built in code. */
record FixedPlatformConfig(String[] corsAllowedOrigins, long maxBodyBytes) implements PlatformConfig {

    static final long DEFAULT_MAX_BODY_BYTES = 65_536;

    static PlatformConfig maxBodyBytes(long bytes) {
        return new FixedPlatformConfig(new String[0], bytes);
    }

    static PlatformConfig corsAllowedOrigins(String... origins) {
        return new FixedPlatformConfig(origins, DEFAULT_MAX_BODY_BYTES);
    }

    @Override
    public String profile() {
        return "prod";
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return PlatformConfig.class;
    }
}

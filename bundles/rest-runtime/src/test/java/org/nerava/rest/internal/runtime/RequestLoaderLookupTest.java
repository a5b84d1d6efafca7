package org.nerava.rest.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.cxf.resource.DefaultResourceManager;
import org.apache.cxf.resource.ResourceResolver;
import org.junit.jupiter.api.Test;

class RequestLoaderLookupTest {

    private final DefaultResourceManager resources = new DefaultResourceManager();
    private final RequestLoaderLookup lookup = new RequestLoaderLookup(resources);

    @Test
    void theRequestsClassLoaderIsLookedUpOnceUntilTheResolversChange() {
        Counting none = new Counting(null);
        resources.addResourceResolver(none);

        assertThat(lookup.resolveResource(RequestLoaderLookup.NAME, ClassLoader.class)).isNull();
        assertThat(lookup.resolveResource(RequestLoaderLookup.NAME, ClassLoader.class)).isNull();
        assertThat(none.calls.get()).isEqualTo(1);

        ClassLoader loader = new ClassLoader() { };
        Counting one = new Counting(loader);
        lookup.addResourceResolver(one);

        assertThat(lookup.resolveResource(RequestLoaderLookup.NAME, ClassLoader.class)).isSameAs(loader);
        assertThat(lookup.resolveResource(RequestLoaderLookup.NAME, ClassLoader.class)).isSameAs(loader);
        assertThat(one.calls.get()).isEqualTo(1);

        lookup.removeResourceResolver(one);

        assertThat(lookup.resolveResource(RequestLoaderLookup.NAME, ClassLoader.class)).isNull();
    }

    @Test
    void everyOtherLookupGoesToTheResolvers() {
        Counting none = new Counting(null);
        resources.addResourceResolver(none);

        lookup.resolveResource("other", ClassLoader.class);
        lookup.resolveResource("other", ClassLoader.class);
        lookup.resolveResource(RequestLoaderLookup.NAME, String.class);

        assertThat(none.calls.get()).isEqualTo(3);
    }

    /** A resolver that answers every class loader lookup with the same loader (or none), counting the lookups. */
    private static final class Counting implements ResourceResolver {
        private final ClassLoader loader;
        private final AtomicInteger calls = new AtomicInteger();

        Counting(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public <T> T resolve(String name, Class<T> type) {
            calls.incrementAndGet();
            return type.isInstance(loader) ? type.cast(loader) : null;
        }

        @Override
        public InputStream getAsStream(String name) {
            return null;
        }
    }
}

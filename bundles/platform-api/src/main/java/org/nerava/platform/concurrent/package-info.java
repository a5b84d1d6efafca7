/**
 * Small concurrency helpers every Nerava bundle uses the same way: named daemon threads for background work
 * (so a thread dump says which feature owns a thread, and no pool keeps the JVM from exiting), and the one way to
 * reach the real failure inside a {@code CompletionException} or {@code ExecutionException} (or in a stack trace
 * kept as text).
 */
@Export
@Version("1.1.0")
package org.nerava.platform.concurrent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

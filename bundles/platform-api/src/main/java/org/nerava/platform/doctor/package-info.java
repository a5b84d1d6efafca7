/**
 * The pre-rollout doctor: each feature registers {@link org.nerava.platform.doctor.DoctorCheck} services that say,
 * as {@link org.nerava.platform.doctor.Finding}s, whether this node's environment would serve (a database it can
 * reach with a schema this build understands, an OTP provider that can send, keys set, external services reachable)
 * and how to fix what would not. {@code nerava:doctor} runs every registered check on a running node;
 * {@code bin/nerava-doctor} boots the distribution in {@link org.nerava.platform.doctor.CheckMode check mode} and runs
 * them before a rollout.
 *
 * <p>A check reads; it never writes to the database, sends a code, dispatches a workflow or records an event. It may
 * call an external service read-only (a status or metadata request), with a short time limit.
 */
@Export
@Version("1.0.0")
package org.nerava.platform.doctor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * What the generated OpenAPI document ({@code GET /openapi.json}) cannot read from the JAX-RS annotations alone.
 *
 * <p>The platform builds the document by reflection over every JAX-RS resource service that is registered now
 * ({@code @Path}, the HTTP method annotations, {@code @PathParam}, {@code @QueryParam}, {@code @HeaderParam},
 * {@code @Consumes}, {@code @Produces}, body and return types). A resource adds prose with {@link
 * org.nerava.platform.openapi.ApiDoc}, and declares how callers authenticate with {@link
 * org.nerava.platform.openapi.ApiSecurity}, either directly or on the name-binding annotation of its
 * authentication filter, so every resource guarded by that filter is documented as such.
 */
@Export
@Version("1.0.0")
package org.nerava.platform.openapi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

package org.nerava.merchants.internal.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;

import org.nerava.merchants.internal.CurrentSettings;
import org.nerava.merchants.internal.MerchantsConfig;
import org.nerava.platform.ProblemException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/merchants/photos/{file}}: the catalog's photos from the photo directory, so the relative
 * {@code photo_url}s of the seed work out of the box. A file name only (no path), of a known image type; answered
 * with a strong ETag (the content's SHA-256, the same on every node) and a day of public caching, and 304 to a
 * matching {@code If-None-Match}. An SVG is sent with a policy that forbids its scripts and outside loads.
 */
@Component(service = PhotoResource.class)
@JaxrsResource
@Path(MerchantsConfig.PHOTOS_PATH)
public class PhotoResource {

    private static final Logger LOG = LoggerFactory.getLogger(PhotoResource.class);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Map<String, String> TYPES = Map.of("svg", "image/svg+xml", "jpg", "image/jpeg", "jpeg",
            "image/jpeg", "png", "image/png", "webp", "image/webp");
    private static final int MAX_AGE_SECONDS = 86_400;

    private final CurrentSettings settings;

    @Activate
    public PhotoResource(@Reference CurrentSettings settings) {
        this.settings = settings;
    }

    @GET
    @Path("/{file}")
    public Response photo(@PathParam("file") String file, @Context Request request) {
        String type = FILE_NAME.matcher(file).matches() && !file.contains("..") ? TYPES.get(extension(file)) : null;
        if (type == null) {
            throw notFound();
        }
        java.nio.file.Path directory = settings.get().photoDirectory();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(directory.resolve(file));
        } catch (NoSuchFileException e) {
            throw notFound();
        } catch (IOException e) {
            LOG.warn("Photo {} in {} cannot be read: {}", file, directory, e.toString());
            throw notFound();
        }
        EntityTag tag = new EntityTag(sha256(bytes));
        CacheControl cache = new CacheControl();
        cache.setMaxAge(MAX_AGE_SECONDS);
        cache.setPrivate(false);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        Response.ResponseBuilder answer = unchanged != null ? unchanged : Response.ok(bytes, type);
        answer.tag(tag).cacheControl(cache).header("X-Content-Type-Options", "nosniff");
        if (type.equals("image/svg+xml")) {
            answer.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
        }
        return answer.build();
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("photo_not_found", "no photo with this name");
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

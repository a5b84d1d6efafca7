package org.nerava.platform.internal.rest;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * The JAX-RS runtime registers its own mapper for {@link WebApplicationException} (404, 405, 415...), which is
 * closer to those exceptions than a {@code Throwable} mapper; this one, of the same type, replaces it so they too
 * answer with a problem body.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("nerava.problems.web")
public class WebApplicationProblemMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        return ProblemResponses.toResponse(exception);
    }
}

package org.nerava.platform.internal.rest;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** Maps every exception a request raises to a problem body; see {@link ProblemResponses}. */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("nerava.problems")
public class ProblemMapper implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable exception) {
        return ProblemResponses.toResponse(exception);
    }
}

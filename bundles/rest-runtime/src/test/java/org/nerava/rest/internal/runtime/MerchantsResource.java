package org.nerava.rest.internal.runtime;

import javax.ws.rs.GET;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;

/**
 * A feature's resource whose paths share a prefix with another feature's ({@code /v1/merchants/favorites} is
 * favorites'), as merchants and favorites do in the product: ids start with {@code m_}, anything else is no merchant.
 */
@Path("/v1/merchants")
public class MerchantsResource {

    @GET
    @Path("/{id}")
    @Produces("text/plain")
    public String merchant(@PathParam("id") String id) {
        if (!id.startsWith("m_")) {
            throw new NotFoundException("no merchant " + id);
        }
        return "merchant " + id;
    }
}

package org.nerava.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

    @Path("/v1/merchants/")
    static class Merchants {
        @GET
        public void nearby() {
        }

        @GET
        @Path("{id: [A-Za-z0-9_-]+}")
        public void one() {
        }

        @POST
        @Path("/{id}//favorite/")
        public void favorite() {
        }
    }

    static class Subclass extends Merchants {
    }

    @Test
    void templatesKeepParameterNamesAndDropRegexesAndStraySlashes() throws Exception {
        RouteTemplates routes = new RouteTemplates();
        assertThat(routes.of(Merchants.class, Merchants.class.getMethod("nearby"))).isEqualTo("/v1/merchants");
        assertThat(routes.of(Merchants.class, Merchants.class.getMethod("one"))).isEqualTo("/v1/merchants/{id}");
        assertThat(routes.of(Merchants.class, Merchants.class.getMethod("favorite")))
                .isEqualTo("/v1/merchants/{id}/favorite");
    }

    @Test
    void aResourceSubclassUsesTheInheritedClassPath() throws Exception {
        assertThat(RouteTemplates.template(Subclass.class, Merchants.class.getMethod("one")))
                .isEqualTo("/v1/merchants/{id}");
    }

    @Test
    void requestsNoMethodMatchedShareOneLabel() {
        assertThat(new RouteTemplates().of(null, null)).isEqualTo(RouteTemplates.UNMATCHED);
        assertThat(RouteTemplates.join("", "")).isEqualTo("/");
    }
}

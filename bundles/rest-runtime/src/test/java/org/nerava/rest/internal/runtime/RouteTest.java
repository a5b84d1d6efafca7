package org.nerava.rest.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;

import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void aResourcesRoutesAreItsClassPathJoinedWithEachMethodsPath() {
        Set<Route> routes = Route.of(Favorites.class);

        assertThat(routes).extracting(Route::template)
                .containsExactlyInAnyOrder("/v1/merchants/favorites", "/v1/merchants/{merchantId}/favorite");
    }

    @Test
    void aRouteMatchesItsPathsOnlyWithParametersFilledByOneSegment() {
        Route byId = only(Merchants.class);

        assertThat(byId.matches("/v1/merchants/m_1")).isTrue();
        assertThat(byId.matches("/v1/merchants/m_1/")).isTrue();
        assertThat(byId.matches("/v1/merchants/m_1/favorite")).isFalse();
        assertThat(byId.matches("/v1/merchantsx/m_1")).isFalse();
    }

    @Test
    void ofTwoRoutesMatchingAPathTheOneWithMoreLiteralCharactersIsMoreSpecific() {
        Route byId = only(Merchants.class);
        Route favorites = Route.of(Favorites.class).stream().filter(r -> r.template().endsWith("favorites"))
                .findFirst().orElseThrow();

        assertThat(byId.matches("/v1/merchants/favorites")).isTrue();
        assertThat(favorites.literalCharacters()).isGreaterThan(byId.literalCharacters());
    }

    @Test
    void aClassWithoutPathHasNoRoutes() {
        assertThat(Route.of(String.class)).isEmpty();
    }

    private static Route only(Class<?> resource) {
        Set<Route> routes = Route.of(resource);
        assertThat(routes).hasSize(1);
        return routes.iterator().next();
    }

    @Path("/v1/merchants")
    public static class Merchants {
        @GET
        @Path("/{id}")
        public String merchant(@PathParam("id") String id) {
            return id;
        }
    }

    @Path("v1/merchants/")
    public static class Favorites {
        @GET
        @Path("favorites")
        public String list() {
            return "";
        }

        @POST
        @Path("/{merchantId}/favorite")
        public String add(@PathParam("merchantId") String id) {
            return id;
        }

        @DELETE
        @Path("/{merchantId}/favorite")
        public void remove(@PathParam("merchantId") String id) {
        }
    }
}

package org.nerava.auth.internal.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.nerava.auth.internal.phone.PhoneNumbers;
import org.nerava.auth.internal.store.AuthStore;
import org.nerava.auth.internal.store.Driver;
import org.nerava.platform.ProblemException;
import org.nerava.platform.account.AccountDetails;
import org.nerava.platform.auth.DriverAuthenticated;
import org.nerava.platform.auth.DriverPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /v1/account}: who is signed in, plus the fields installed features add ({@link AccountDetails}). */
@Component(service = AccountResource.class)
@JaxrsResource
@JSONRequired
@Path("/v1/account")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private static final Logger LOG = LoggerFactory.getLogger(AccountResource.class);

    private final AuthStore store;
    private final List<AccountDetails> details = new CopyOnWriteArrayList<>();

    @Activate
    public AccountResource(@Reference AuthStore store) {
        this.store = store;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDetails(AccountDetails contributor) {
        details.add(contributor);
    }

    void removeDetails(AccountDetails contributor) {
        details.remove(contributor);
    }

    @GET
    @DriverAuthenticated
    public Map<String, Object> account(@Context SecurityContext security) {
        DriverPrincipal principal = (DriverPrincipal) security.getUserPrincipal();
        Driver driver = store.driverByPublicId(principal.publicId())
                .orElseThrow(() -> ProblemException.unauthorized("invalid_token", "this account no longer exists"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("public_id", driver.publicId());
        body.put("auth_provider", driver.authProvider());
        body.put("phone_masked", PhoneNumbers.mask(driver.phoneE164()));
        for (AccountDetails contributor : details) {
            try {
                contributor.fieldsFor(principal).forEach(body::putIfAbsent);
            } catch (RuntimeException e) {
                LOG.warn("Account details from {} left out: {}", contributor.getClass().getName(), e.toString());
            }
        }
        return body;
    }
}

package org.nerava.merchants;

import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Looks merchants and chargers up by id. Local and fast: an in-memory or indexed database read, never the network.
 * An id of the wrong shape is answered like an unknown one.
 */
@ProviderType
public interface MerchantCatalog {

    /**
     * The shape of every merchant and charger id: 1 to 64 of {@code A-Z a-z 0-9 _ -}. A catalog never holds another
     * shape, so features that take merchant ids without a catalog at hand can refuse anything else as unknown.
     */
    Pattern MERCHANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Whether the id has the shape of a merchant id ({@link #MERCHANT_ID}); null is not. */
    static boolean isWellFormedId(String merchantId) {
        return merchantId != null && MERCHANT_ID.matcher(merchantId).matches();
    }

    Optional<MerchantSummary> findMerchant(String merchantId);

    Optional<ChargerLocation> findCharger(String chargerId);
}

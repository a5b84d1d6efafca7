package org.nerava.platform.catalog;

import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ProviderType;

/** Looks merchants up by id. Local and fast: a database read, no network. */
@ProviderType
public interface MerchantCatalog {

    /**
     * The shape of every merchant id: 1 to 64 of {@code A-Z a-z 0-9 _ -}. A catalog never holds another shape, so
     * features that take merchant ids without a catalog at hand can refuse anything else as unknown.
     */
    Pattern MERCHANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Whether the id has the shape of a merchant id ({@link #MERCHANT_ID}); null is not. */
    static boolean isWellFormedId(String merchantId) {
        return merchantId != null && MERCHANT_ID.matcher(merchantId).matches();
    }

    Optional<MerchantSummary> findMerchant(String merchantId);
}

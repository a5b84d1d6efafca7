package org.nerava.platform.catalog;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Looks merchants up by id. Local and fast: a database read, no network. */
@ProviderType
public interface MerchantCatalog {

    Optional<MerchantSummary> findMerchant(String merchantId);
}

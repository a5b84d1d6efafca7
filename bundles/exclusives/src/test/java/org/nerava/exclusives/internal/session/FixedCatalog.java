package org.nerava.exclusives.internal.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.nerava.merchants.ChargerLocation;
import org.nerava.merchants.MerchantCatalog;
import org.nerava.merchants.MerchantSummary;

/** The catalog contract over fixed lists: what exclusives sees of the merchants feature, without that feature. */
final class FixedCatalog implements MerchantCatalog {

    private final Map<String, ChargerLocation> chargers;
    private final Map<String, MerchantSummary> merchants;

    FixedCatalog(List<ChargerLocation> chargers, List<MerchantSummary> merchants) {
        this.chargers = chargers.stream().collect(Collectors.toMap(ChargerLocation::id, Function.identity()));
        this.merchants = merchants.stream().collect(Collectors.toMap(MerchantSummary::id, Function.identity()));
    }

    @Override
    public Optional<MerchantSummary> findMerchant(String merchantId) {
        return Optional.ofNullable(merchants.get(merchantId));
    }

    @Override
    public Optional<ChargerLocation> findCharger(String chargerId) {
        return Optional.ofNullable(chargers.get(chargerId));
    }
}

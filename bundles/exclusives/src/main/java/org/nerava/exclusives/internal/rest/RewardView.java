package org.nerava.exclusives.internal.rest;

import java.time.Instant;

import org.nerava.exclusives.internal.session.RewardEvent;

/** A reward event on the wire. */
public record RewardView(String id, String kind, String sessionId, String merchantId, Instant createdAt) {

    static RewardView of(RewardEvent reward) {
        return new RewardView(reward.id(), reward.kind(), reward.sessionId(), reward.merchantId(),
                Instant.ofEpochMilli(reward.createdAt()));
    }
}

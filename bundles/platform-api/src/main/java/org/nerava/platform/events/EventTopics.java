package org.nerava.platform.events;

/** Topic names and event property keys. Subscribe to {@code org/nerava/*} for everything. */
public final class EventTopics {

    public static final String ALL = "org/nerava/*";

    public static final String OTP_STARTED = "org/nerava/auth/OTP_STARTED";
    public static final String OTP_VERIFIED = "org/nerava/auth/OTP_VERIFIED";
    public static final String OTP_FAILED = "org/nerava/auth/OTP_FAILED";
    public static final String SIGNED_OUT = "org/nerava/auth/SIGNED_OUT";

    public static final String FAVORITE_ADDED = "org/nerava/favorites/ADDED";
    public static final String FAVORITE_REMOVED = "org/nerava/favorites/REMOVED";

    public static final String EXCLUSIVE_ACTIVATED = "org/nerava/exclusives/ACTIVATED";
    public static final String EXCLUSIVE_COMPLETED = "org/nerava/exclusives/COMPLETED";
    public static final String REWARDED = "org/nerava/exclusives/REWARDED";

    public static final String DEPLOYMENT_TRIGGERED = "org/nerava/admin/DEPLOYMENT_TRIGGERED";
    /** A deployment reached its outcome; {@link #PROP_REASON} is its status ({@code succeeded}, {@code failed}...). */
    public static final String DEPLOYMENT_FINISHED = "org/nerava/admin/DEPLOYMENT_FINISHED";

    /** The driver's public id (a UUID string), when the event concerns a driver. */
    public static final String PROP_DRIVER = "driver_public_id";
    /** The OTP provider id. */
    public static final String PROP_PROVIDER = "provider";
    /** A merchant id. */
    public static final String PROP_MERCHANT = "merchant_id";
    /** The outcome or reason, a problem code such as {@code invalid_code}. */
    public static final String PROP_REASON = "reason";
    /** When it happened, epoch milliseconds (a Long). */
    public static final String PROP_TIMESTAMP = "timestamp";

    private EventTopics() {
    }
}

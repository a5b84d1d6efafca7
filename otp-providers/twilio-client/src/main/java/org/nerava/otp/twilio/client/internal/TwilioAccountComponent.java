package org.nerava.otp.twilio.client.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nerava.otp.twilio.client.TwilioAccount;
import org.nerava.otp.twilio.client.TwilioProduct;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.config.ConfigurationStatus;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link TwilioAccount} for configuration {@value TwilioAccount#PID}, configured or not: an account
 * with problems answers every call with MISCONFIGURED and says why, so {@code nerava:otp-providers} can too.
 *
 * <p>The service is registered by hand rather than by DS, because DS would publish every configuration property,
 * the auth token included, as a service property for any bundle or {@code service:list} to read. The configuration is
 * checked as a whole ({@link CurrentTwilioSettings}) and never fails the activation: a refused value keeps the last
 * good settings (or, at boot, the defaults of the refused keys) and is reported in {@code /readyz} through the
 * {@link ConfigurationStatus} registered here, also by hand.
 */
// Registered by hand, so say so for the resolver (the provider bundles require the service).
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.nerava.otp.twilio.client.TwilioAccount\"",
        uses = TwilioAccount.class)
@Component(configurationPid = TwilioAccount.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TwilioAccountComponent.Config.class)
public class TwilioAccountComponent {

    @ObjectClassDefinition(id = TwilioAccount.PID, name = "Nerava Twilio account",
            description = "The Twilio account the Twilio Verify and Twilio SMS OTP providers use")
    public @interface Config {

        @AttributeDefinition(name = "Account SID", description = "AC…, from TWILIO_ACCOUNT_SID")
        String accountSid() default "";

        @AttributeDefinition(name = "Auth token", type = AttributeType.PASSWORD,
                description = "The account's auth token, from TWILIO_AUTH_TOKEN")
        String authToken() default "";

        @AttributeDefinition(name = "Verify service SID", description = "VA…; needed by twilio_verify")
        String verifyServiceSid() default "";

        @AttributeDefinition(name = "From number",
                description = "E.164 number, short code or sender id twilio_sms sends from (or messagingServiceSid)")
        String fromNumber() default "";

        @AttributeDefinition(name = "Messaging service SID", description = "MG…; twilio_sms sends through it when set")
        String messagingServiceSid() default "";

        @AttributeDefinition(name = "SMS text", description = "twilio_sms's text; {code} and {minutes} are replaced")
        String smsTemplate() default "Your Nerava code is {code}. It expires in {minutes} minutes.";

        @AttributeDefinition(name = "Connect timeout (ms)")
        int connectTimeoutMs() default 2000;

        @AttributeDefinition(name = "Read timeout (ms)",
                description = "0: TWILIO_TIMEOUT_SECONDS × 1000 when that variable is set, else 5000")
        int readTimeoutMs() default 0;

        @AttributeDefinition(name = "API base URL",
                description = "Empty: Twilio's own. Else every https://<product>.twilio.com URL is rewritten to it")
        String apiBaseUrl() default "";

        @AttributeDefinition(name = "Threads", description = "Twilio calls that may run at once")
        int threads() default 8;

        @AttributeDefinition(name = "Largest answer (bytes)", description = "A Twilio answer longer than this is"
                + " not read further and counts as malformed (Twilio's own answers are a few KB)")
        int maxResponseBytes() default 1_048_576;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TwilioAccountComponent.class);

    private final BundleContext context;
    private final CurrentTwilioSettings settings;
    private final ServiceRegistration<ConfigurationStatus> status;
    private TwilioClient client;
    private ServiceRegistration<TwilioAccount> registration;

    /**
     * The properties as a map, not the {@link Config} annotation: its accessors throw on {@code threads = abc}, which
     * failed the activation and took both Twilio providers away.
     */
    @Activate
    public TwilioAccountComponent(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        this.settings = new CurrentTwilioSettings(System.getenv());
        modified(properties);
        // By hand too: a DS service would publish the configuration, auth token included, as service properties.
        Dictionary<String, Object> description = new Hashtable<>();
        description.put(Constants.SERVICE_DESCRIPTION, "Nerava Twilio account configuration");
        this.status = context.registerService(ConfigurationStatus.class, settings, description);
    }

    /**
     * A good update replaces the client (and the service): calls in flight on the old one fail with UNAVAILABLE. A
     * refused one changes nothing but what {@code /readyz} reports.
     */
    @Modified
    synchronized void modified(Map<String, ?> properties) {
        if (!settings.update(properties)) {
            return;
        }
        TwilioClient previousClient = client;
        ServiceRegistration<TwilioAccount> previous = registration;
        client = new TwilioClient(settings.get());
        registration = register(client);
        if (previous != null) {
            unregister(previous);
            previousClient.close();
        }
    }

    private ServiceRegistration<TwilioAccount> register(TwilioClient next) {
        List<String> verify = next.configurationProblems(TwilioProduct.VERIFY);
        List<String> messaging = next.configurationProblems(TwilioProduct.MESSAGING);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_DESCRIPTION, "Nerava Twilio account");
        properties.put("twilio.verify.configured", verify.isEmpty());
        properties.put("twilio.messaging.configured", messaging.isEmpty());
        ServiceRegistration<TwilioAccount> registered = context.registerService(TwilioAccount.class, next, properties);
        if (verify.isEmpty() || messaging.isEmpty()) {
            LOG.info("Twilio account ready ({}); Verify {}, Messaging {}", next.settings(),
                    verify.isEmpty() ? "configured" : "not configured: " + verify,
                    messaging.isEmpty() ? "configured" : "not configured: " + messaging);
        } else {
            Set<String> problems = new LinkedHashSet<>(verify);
            problems.addAll(messaging);
            LOG.info("Twilio not configured, the Twilio OTP providers answer MISCONFIGURED: {}",
                    String.join("; ", problems));
        }
        return registered;
    }

    @Deactivate
    synchronized void deactivate() {
        unregister(status);
        unregister(registration);
        client.close();
    }

    private static void unregister(ServiceRegistration<?> registered) {
        try {
            registered.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping; the framework unregistered it
        }
    }

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void bindAudit(AuditTrail trail) {
        settings.bindAudit(trail);
    }

    void unbindAudit(AuditTrail trail) {
        settings.unbindAudit(trail);
    }
}

package org.nerava.auth.internal.pumping;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.nerava.auth.internal.ratelimit.SendBudget;
import org.nerava.auth.internal.ratelimit.SendLimit;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.metrics.Meters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS-pumping guard: codes go only to the allowed regions (else {@code 422 phone_refused}, before any provider is
 * asked), at most {@code sendsPerPrefixPerHour} to one number range and {@code sendsPerDay} in all. The range and
 * the day are counted in the database with the other send limits (one transaction, every node), so this class only
 * says what to count and reports what was refused: a counter by reason on {@code /metrics}, one audit entry per
 * minute summing the refusals, and a WARN, a counter and an audit entry when the day's sends reach 80% of the budget.
 * Nothing here waits: refusals and alerts cost a counter increment on the request's thread.
 */
@Component(service = PumpingGuard.class)
public class PumpingGuard {

    /** On /metrics: nerava_otp_pumping_refused_total{reason="country|prefix|daily_budget"}. */
    static final String REFUSED_METER = "nerava.otp.pumping_refused";
    /** On /metrics: nerava_otp_daily_budget_alerts_total. */
    static final String ALERTS_METER = "nerava.otp.daily_budget_alerts";
    /** On /metrics: nerava_otp_daily_budget_used, 0 to 1. */
    static final String BUDGET_GAUGE = "nerava.otp.daily_budget_used";
    static final String REFUSED_ACTION = "otp.pumping.refused";
    static final String ALERT_ACTION = "otp.budget.alert";
    public static final String COUNTRY = "country";
    public static final String PREFIX = "prefix";
    static final Duration AUDIT_PERIOD = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(PumpingGuard.class);

    private final CurrentAuthSettings settings;
    private final RefusalTally tally = new RefusalTally();
    private final ScheduledExecutorService auditor;
    private volatile BudgetSeen lastSeen = new BudgetSeen("", 0, 1);

    /** Optional and dynamic: the guard refuses the same without metrics or an audit trail. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Meters meters;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditTrail audit;

    /** What this node last saw of the day's budget, for the gauge. */
    private record BudgetSeen(String day, long sent, int perDay) {
    }

    @Activate
    public PumpingGuard(@Reference CurrentAuthSettings settings) {
        this.settings = settings;
        this.auditor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nerava-auth-pumping-audit"));
        long period = AUDIT_PERIOD.toMillis();
        auditor.scheduleWithFixedDelay(this::auditRefusals, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic audit after writing what it had counted. */
    @Deactivate
    public void close() {
        // Alerts already handed to the auditor are written; the periodic summary is not waited for but run here.
        auditor.shutdown();
        try {
            auditor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        auditRefusals();
    }

    void setMeters(Meters meters) {
        this.meters = meters;
    }

    void setAudit(AuditTrail audit) {
        this.audit = audit;
    }

    /** @throws ProblemException 422 {@code phone_refused} when codes may not be sent to this number's region */
    public void checkDestination(String e164) {
        PumpingSettings s = settings.pumping();
        if (!s.allows(NumberRange.regionOf(e164))) {
            refused(COUNTRY);
            throw ProblemException.unprocessable("phone_refused",
                    "codes cannot be sent to this number or region");
        }
    }

    /** The send limit of this number's range, counted with the other limits. */
    public SendLimit rangeLimit(String e164) {
        PumpingSettings s = settings.pumping();
        return new SendLimit(PREFIX, "prefix:" + NumberRange.prefixOf(e164, s.prefixDigits()),
                s.sendsPerPrefixPerHour());
    }

    /** The budget of the day that contains {@code nowMillis}. */
    public SendBudget budget(long nowMillis) {
        return SendBudget.of(settings.pumping().sendsPerDay(), nowMillis);
    }

    /** Counts a refusal (a send limit's or the budget's name, or {@link #COUNTRY}) for /metrics and the audit. */
    public void refused(String reason) {
        tally.add(reason);
        Meters m = meters;
        if (m != null) {
            m.count(REFUSED_METER, "Code sends refused by the SMS-pumping guard, by reason", "reason", reason);
        }
    }

    /**
     * A code was counted against the day's budget. The send that reaches 80% warns: the count is the database's, so
     * exactly one send of all the nodes' sees that number.
     */
    public void sent(SendBudget budget, long sentToday) {
        lastSeen = new BudgetSeen(budget.day(), sentToday, budget.perDay());
        Meters m = meters;
        if (m != null) {
            m.gauge(BUDGET_GAUGE, "Share of sendsPerDay used today (UTC), as this node last counted it",
                    this::budgetUsed);
        }
        long alertAt = (long) Math.ceil(budget.perDay() * PumpingSettings.BUDGET_ALERT_SHARE);
        if (sentToday != alertAt) {
            return;
        }
        String detail = sentToday + " of " + budget.perDay() + " codes of " + budget.day() + " (UTC) sent";
        LOG.warn("SMS budget: {}; at {} sends are refused until the day ends (sendsPerDay)", detail,
                budget.perDay());
        if (m != null) {
            m.count(ALERTS_METER, "Days whose code sends reached 80% of sendsPerDay (counted by the node that saw it)");
        }
        auditor.execute(() -> record(new AuditRecord("system", ALERT_ACTION, budget.day(), AuditOutcome.SUCCESS,
                detail)));
    }

    double budgetUsed() {
        BudgetSeen seen = lastSeen;
        boolean today = seen.day().equals(SendBudget.of(1, System.currentTimeMillis()).day());
        return today ? Math.min(1, (double) seen.sent() / seen.perDay()) : 0;
    }

    /** One audit entry summing the refusals of the last period, if there were any. */
    void auditRefusals() {
        Map<String, Long> counts = tally.take();
        if (counts.isEmpty()) {
            return;
        }
        String detail = counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")) + " in the last " + AUDIT_PERIOD.toSeconds() + " s (this node)";
        record(new AuditRecord("system", REFUSED_ACTION, null, AuditOutcome.DENIED, detail));
    }

    private void record(AuditRecord entry) {
        AuditTrail trail = audit;
        if (trail == null) {
            LOG.info("Not audited (no audit trail): {} {}", entry.action(), entry.detail());
            return;
        }
        try {
            trail.record(entry);
        } catch (RuntimeException e) {
            LOG.warn("Could not audit {} ({}): {}", entry.action(), entry.detail(), e.toString());
        }
    }
}

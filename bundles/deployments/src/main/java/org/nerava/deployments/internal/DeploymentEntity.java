package org.nerava.deployments.internal;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** Table {@code deployment}; times are epoch milliseconds. */
@Entity(name = "Deployment")
@Table(name = "deployment", indexes = @Index(name = "deployment_requested", columnList = "requested_at"),
        uniqueConstraints = @UniqueConstraint(name = "deployment_idempotency", columnNames = "idempotency_key"))
public class DeploymentEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "target", length = 16, nullable = false)
    private String target;

    @Column(name = "ref", length = 255, nullable = false)
    private String ref;

    @Column(name = "status", length = 16, nullable = false)
    private String status;

    @Column(name = "requested_by", length = 200, nullable = false)
    private String requestedBy;

    @Column(name = "idempotency_key", length = 200)
    private String idempotencyKey;

    @Column(name = "requested_at", nullable = false)
    private long requestedAt;

    @Column(name = "finished_at")
    private Long finishedAt;

    @Column(name = "run_id")
    private Long runId;

    @Column(name = "run_url", length = 500)
    private String runUrl;

    @Column(name = "html_url", length = 500)
    private String htmlUrl;

    @Column(name = "github_status")
    private Integer githubStatus;

    @Column(name = "error", length = 1000)
    private String error;

    @Column(name = "conclusion", length = 32)
    private String conclusion;

    @Column(name = "started_at")
    private Long startedAt;

    @Column(name = "completed_at")
    private Long completedAt;

    @Column(name = "verification", length = 16)
    private String verification;

    /** The follower's bookkeeping, not part of a {@link Deployment}. */
    @Column(name = "next_check_at")
    private Long nextCheckAt;

    @Column(name = "run_etag", length = 200)
    private String runEtag;

    @Column(name = "unchanged_checks", nullable = false)
    private int unchangedChecks;

    @Column(name = "follower", length = 64)
    private String follower;

    @Column(name = "claimed_until")
    private Long claimedUntil;

    protected DeploymentEntity() {
    }

    DeploymentEntity(Deployment d) {
        this.id = d.id();
        this.target = d.target().name();
        this.ref = d.ref();
        this.requestedBy = d.requestedBy();
        this.idempotencyKey = d.idempotencyKey();
        this.requestedAt = d.requestedAt().toEpochMilli();
        update(d);
    }

    void update(Deployment d) {
        this.status = d.status().name();
        this.finishedAt = millis(d.finishedAt());
        this.runId = d.runId();
        this.runUrl = d.runUrl();
        this.htmlUrl = d.htmlUrl();
        this.githubStatus = d.githubStatus();
        this.error = d.error();
        this.conclusion = d.conclusion();
        this.startedAt = millis(d.startedAt());
        this.completedAt = millis(d.completedAt());
        this.verification = d.verification() == null ? null : d.verification().name();
    }

    void follow(String etag, int unchanged, Instant nextCheck) {
        this.runEtag = etag;
        this.unchangedChecks = unchanged;
        this.nextCheckAt = millis(nextCheck);
    }

    void claim(String node, Instant until) {
        this.follower = node;
        this.claimedUntil = millis(until);
    }

    String runEtag() {
        return runEtag;
    }

    int unchangedChecks() {
        return unchangedChecks;
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    Deployment toDeployment() {
        return new Deployment(id, DeploymentTarget.valueOf(target), ref, DeploymentStatus.valueOf(status),
                requestedBy, idempotencyKey, Instant.ofEpochMilli(requestedAt), instant(finishedAt), runId, runUrl,
                htmlUrl, githubStatus, error, conclusion, instant(startedAt), instant(completedAt),
                verification == null ? null : Verification.valueOf(verification));
    }
}

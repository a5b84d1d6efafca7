package org.nerava.platform.audit;

/**
 * What checking the audit trail's hash chain found.
 *
 * @param intact every chained entry is as it was recorded, none missing, in order
 * @param checked how many entries were checked and found intact (before the first bad one)
 * @param firstBadId the first entry that does not match, or null (intact, or the chain's end is missing)
 * @param firstBadSeq that entry's place in the chain, or null when intact
 * @param reason why it does not match, for people; null when intact
 */
public record AuditVerification(boolean intact, long checked, String firstBadId, Long firstBadSeq, String reason) {

    public static AuditVerification intact(long checked) {
        return new AuditVerification(true, checked, null, null, null);
    }

    public static AuditVerification broken(long checked, String id, long seq, String reason) {
        return new AuditVerification(false, checked, id, seq, reason);
    }
}

package org.nerava.auth.internal.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** Codes sent on one UTC day by every node sharing the database: the daily budget's count. */
@Entity(name = "OtpSendDay")
@Table(name = "otp_send_day")
public class SendDayEntity {

    @Id
    @Column(name = "send_day", length = 10)
    private String day;

    @Column(name = "sends", nullable = false)
    private long sends;

    protected SendDayEntity() {
    }

    SendDayEntity(String day) {
        this.day = day;
    }

    long sends() {
        return sends;
    }

    void addOne() {
        sends++;
    }
}

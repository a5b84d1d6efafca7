-- The daily send budget (SMS-pumping guard): codes sent per UTC day, by every node sharing the database.
CREATE TABLE otp_send_day (
    send_day VARCHAR(10) NOT NULL PRIMARY KEY,
    sends BIGINT NOT NULL
);

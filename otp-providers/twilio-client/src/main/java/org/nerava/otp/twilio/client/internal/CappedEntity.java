package org.nerava.otp.twilio.client.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * An answer's body read up to a limit: the SDK reads Twilio's answer whole into a string, so without it a far end
 * streaming megabytes would be held in memory by every provider thread at once. Past the limit (or with a declared
 * length over it, before a byte is read) reading fails with {@link TooLarge}.
 */
final class CappedEntity extends HttpEntityWrapper {

    /** The answer was longer than the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("the answer is longer than " + limit + " bytes");
        }
    }

    private final long limit;

    CappedEntity(HttpEntity answer, long limit) {
        super(answer);
        this.limit = limit;
    }

    @Override
    public InputStream getContent() throws IOException {
        if (getContentLength() > limit) {
            throw new TooLarge(limit);
        }
        return new Capped(super.getContent(), limit);
    }

    /** Through {@link #getContent()}, so that copying the body is capped too. */
    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = getContent()) {
            in.transferTo(out);
        }
    }

    private static final class Capped extends FilterInputStream {
        private final long limit;
        private long read;

        Capped(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(0, n));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
        }
    }
}

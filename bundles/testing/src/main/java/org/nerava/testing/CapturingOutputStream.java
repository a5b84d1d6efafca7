package org.nerava.testing;

import java.io.ByteArrayOutputStream;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;

/** A response's output stream that keeps what is written, for a test to read the body a servlet wrote. */
public final class CapturingOutputStream extends ServletOutputStream {

    private final ByteArrayOutputStream body;

    /** @param body where the written bytes go */
    public CapturingOutputStream(ByteArrayOutputStream body) {
        this.body = body;
    }

    @Override
    public void write(int b) {
        body.write(b);
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        // Blocking writes only: nothing waits to be told the stream is ready.
    }
}

package org.nerava.rest.internal.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * The response as the application sees it, so that some answers can be replaced before anything of them is sent:
 * when the application sets a status the runtime may have to overrule (a 500 for a path whose feature is leaving, a
 * 404 while the boot features are still coming), the rest of that answer is held back. Once the application is done
 * the runtime either writes a problem of its own instead ({@link #discard()}) or lets the held answer through
 * unchanged ({@link #release()}). Only for requests answered on the servlet's thread; every other answer passes
 * straight through.
 */
final class HeldResponse extends HttpServletResponseWrapper {

    private final IntPredicate overrulable;
    private final List<String[]> headers = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int heldStatus;
    private String contentType;
    private String characterEncoding;
    private ServletOutputStream stream;
    private PrintWriter writer;

    HeldResponse(HttpServletResponse response, IntPredicate overrulable) {
        super(response);
        this.overrulable = overrulable;
    }

    /** The status held back, or 0 when the application's answer went through. */
    int heldStatus() {
        return heldStatus;
    }

    /** Forgets the held answer: the runtime answers instead. */
    void discard() {
        headers.clear();
        body.reset();
    }

    /** Sends the held answer as the application made it. */
    void release() throws IOException {
        if (heldStatus == 0) {
            return;
        }
        if (writer != null) {
            writer.flush();
        }
        HttpServletResponse response = (HttpServletResponse) getResponse();
        response.setStatus(heldStatus);
        for (String[] header : headers) {
            if ("add".equals(header[0])) {
                response.addHeader(header[1], header[2]);
            } else {
                response.setHeader(header[1], header[2]);
            }
        }
        if (characterEncoding != null) {
            response.setCharacterEncoding(characterEncoding);
        }
        if (contentType != null) {
            response.setContentType(contentType);
        }
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }

    @Override
    public void setStatus(int status) {
        if (!holding(status)) {
            super.setStatus(status);
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public void setStatus(int status, String message) {
        if (!holding(status)) {
            super.setStatus(status, message);
        }
    }

    @Override
    public void sendError(int status) throws IOException {
        if (!holding(status)) {
            super.sendError(status);
        }
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        if (!holding(status)) {
            super.sendError(status, message);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (heldStatus == 0) {
            super.setHeader(name, value);
        } else {
            headers.add(new String[] {"set", name, value});
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (heldStatus == 0) {
            super.addHeader(name, value);
        } else {
            headers.add(new String[] {"add", name, value});
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long value) {
        if (heldStatus == 0) {
            super.setDateHeader(name, value);
        }
    }

    @Override
    public void addDateHeader(String name, long value) {
        if (heldStatus == 0) {
            super.addDateHeader(name, value);
        }
    }

    @Override
    public void setContentType(String type) {
        if (heldStatus == 0) {
            super.setContentType(type);
        } else {
            contentType = type;
        }
    }

    @Override
    public void setCharacterEncoding(String charset) {
        if (heldStatus == 0) {
            super.setCharacterEncoding(charset);
        } else {
            characterEncoding = charset;
        }
    }

    @Override
    public void setContentLength(int length) {
        if (heldStatus == 0) {
            super.setContentLength(length);
        }
    }

    @Override
    public void setContentLengthLong(long length) {
        if (heldStatus == 0) {
            super.setContentLengthLong(length);
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (heldStatus == 0) {
            return super.getOutputStream();
        }
        if (stream == null) {
            stream = new Held();
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (heldStatus == 0) {
            return super.getWriter();
        }
        if (writer == null) {
            Charset charset = characterEncoding == null ? StandardCharsets.UTF_8 : Charset.forName(characterEncoding);
            writer = new PrintWriter(new OutputStreamWriter(body, charset));
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (heldStatus == 0) {
            super.flushBuffer();
        }
    }

    @Override
    public void resetBuffer() {
        if (heldStatus == 0) {
            super.resetBuffer();
        } else {
            body.reset();
        }
    }

    @Override
    public boolean isCommitted() {
        return heldStatus == 0 && super.isCommitted();
    }

    private boolean holding(int status) {
        if (heldStatus != 0) {
            heldStatus = status;
            return true;
        }
        if (super.isCommitted() || !overrulable.test(status)) {
            return false;
        }
        heldStatus = status;
        return true;
    }

    /** Where a held answer's body goes until the runtime decides. */
    private final class Held extends ServletOutputStream {
        @Override
        public void write(int b) {
            body.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            body.write(b, off, len);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new IllegalStateException("a held answer is written synchronously");
        }
    }
}

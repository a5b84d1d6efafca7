package org.nerava.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 spoken over a bare socket, for tests of what an engine does with bytes no HTTP client would send
 * (malformed request lines, oversized headers, bodies that stop): the request goes out exactly as written, and the
 * answer comes back as the raw text the server wrote.
 */
public final class RawHttp {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)\\s*$");

    private RawHttp() {
    }

    /**
     * Writes {@code request} as ISO-8859-1 bytes, then reads until the answer's {@code Content-Length} is in, the
     * server closes the connection, or the socket's read timeout passes: what came by then is the answer.
     */
    public static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1;) {
                read.write(buffer, 0, n);
                if (isComplete(read.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // what came is the answer
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    /** Whether {@code raw} holds a whole answer: its head and as many body bytes as its Content-Length says. */
    public static boolean isComplete(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Matcher length = CONTENT_LENGTH.matcher(raw.substring(0, end));
        return length.find() && raw.length() - end - 4 >= Integer.parseInt(length.group(1));
    }
}

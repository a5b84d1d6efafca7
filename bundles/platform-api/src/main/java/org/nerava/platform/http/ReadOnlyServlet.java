package org.nerava.platform.http;

import java.io.IOException;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A servlet that answers GET, HEAD and OPTIONS only; any other method is a 405 naming them in {@code Allow}
 * ({@code HttpServlet} answers PATCH with 501 and the others with a 405 without {@code Allow}). The platform's edge
 * filter writes the problem body. The health, metrics and web apps' file servlets extend it.
 */
public abstract class ReadOnlyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> super.service(request, response);
            default -> {
                response.setHeader("Allow", "GET, HEAD, OPTIONS");
                response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            }
        }
    }
}

package org.nerava.web.admin.internal;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.nerava.web.support.WebFilesContract;

class AdminUiFilesTest extends WebFilesContract {

    @Override
    protected Path root() {
        return Paths.get("src/main/resources", AdminUiServlet.ROOT);
    }
}

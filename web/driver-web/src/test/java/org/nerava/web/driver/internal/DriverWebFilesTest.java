package org.nerava.web.driver.internal;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.nerava.web.support.WebFilesContract;

class DriverWebFilesTest extends WebFilesContract {

    @Override
    protected Path root() {
        return Paths.get("src/main/resources", DriverWebServlet.ROOT);
    }
}

package org.nerava.platform.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nerava.platform.internal.doctor.DoctorReport;
import org.nerava.platform.internal.doctor.DoctorRunner;

@Service
@Command(scope = "nerava", name = "doctor",
        description = "Runs every doctor check on this node (features, database and schemas, OTP providers, keys,"
                + " GitHub, PostHog): state, detail and fix; reads only, sends nothing")
public class DoctorCommand implements Action {

    @Reference
    DoctorRunner runner;

    @Override
    public Object execute() {
        System.out.print(new DoctorReport(runner.runAll()).table());
        return null;
    }
}

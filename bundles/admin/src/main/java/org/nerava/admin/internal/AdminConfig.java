package org.nerava.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}: how long admin calls may wait. (Deployments have their own PID.) */
@ObjectClassDefinition(id = AdminConfig.PID, name = "Nerava admin", description = "Admin API timeouts")
public @interface AdminConfig {

    String PID = "org.nerava.admin";

    @AttributeDefinition(name = "OTP diagnose timeout (ms)",
            description = "GET /v1/admin/otp/providers waits at most this long for all providers' checks", min = "100")
    int otpDiagnoseTimeoutMs() default 5000;
}

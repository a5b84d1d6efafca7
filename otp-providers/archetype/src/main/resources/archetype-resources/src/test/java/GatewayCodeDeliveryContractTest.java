package ${package};

import java.io.IOException;
import java.lang.annotation.Annotation;

import org.junit.jupiter.api.AfterEach;
import org.nerava.otp.testkit.CodeDeliveryContract;

/** The provider under Nerava's provider contract, against fake gateways on 127.0.0.1. */
class GatewayCodeDeliveryContractTest extends CodeDeliveryContract<GatewayCodeDelivery> {

    private final FakeGateway working = new FakeGateway(200);
    private final FakeGateway failing = new FakeGateway(503);
    private final FakeGateway hanging = new FakeGateway(FakeGateway.NEVER);

    GatewayCodeDeliveryContractTest() throws IOException {
    }

    @AfterEach
    void stopGateways() {
        working.close();
        failing.close();
        hanging.close();
    }

    @Override
    protected GatewayCodeDelivery activate() {
        return new GatewayCodeDelivery(config(working.url()));
    }

    @Override
    protected GatewayCodeDelivery activateFailing() {
        return new GatewayCodeDelivery(config(failing.url()));
    }

    @Override
    protected GatewayCodeDelivery activateHanging() {
        return new GatewayCodeDelivery(config(hanging.url()));
    }

    @Override
    protected void deactivate(GatewayCodeDelivery provider) {
        provider.deactivate();
    }

    @Override
    protected int sentSoFar() {
        return working.sent().size() + failing.sent().size() + hanging.sent().size();
    }

    @Override
    protected boolean isTestInfrastructure(Thread thread) {
        return thread.getName().startsWith("HTTP-Dispatcher");
    }

    private static GatewayCodeDelivery.Config config(String url) {
        return new GatewayCodeDelivery.Config() {
            @Override
            public String gatewayUrl() {
                return url;
            }

            @Override
            public String _apiKey() {
                return "test-key";
            }

            @Override
            public int connectTimeoutMs() {
                return 1000;
            }

            @Override
            public int readTimeoutMs() {
                return 2000;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return GatewayCodeDelivery.Config.class;
            }
        };
    }
}

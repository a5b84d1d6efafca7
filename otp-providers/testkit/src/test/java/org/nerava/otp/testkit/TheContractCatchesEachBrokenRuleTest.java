package org.nerava.otp.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nerava.otp.testkit.InMemoryDelivery.Misbehaviour;

/** The contract fails a provider that breaks a rule: none of its checks passes whatever it is given. */
class TheContractCatchesEachBrokenRuleTest {

    private static InMemoryDeliveryContractTest breaking(Misbehaviour rule) {
        InMemoryDeliveryContractTest contract = new InMemoryDeliveryContractTest();
        contract.misbehaviours.add(rule);
        return contract;
    }

    @Test
    void aProviderThatBlocksTheCaller() {
        assertThatThrownBy(() -> breaking(Misbehaviour.BLOCKS_THE_CALLER)
                .handsBackItsStageAtOnceEvenWhenItsBackendNeverAnswers())
                .isInstanceOf(AssertionError.class).hasMessageContaining("held the caller's thread");
    }

    @Test
    void aProviderThatLogsTheCode() {
        assertThatThrownBy(() -> breaking(Misbehaviour.LOGS_THE_CODE)
                .putsNeitherTheCodeNorTheFullNumberInMessagesOrItsLog())
                .isInstanceOf(AssertionError.class).hasMessageContaining(OtpProviderContract.CODE);
    }

    @Test
    void aProviderWhoseDiagnoseSends() {
        assertThatThrownBy(() -> breaking(Misbehaviour.DIAGNOSE_SENDS).diagnoseSendsNothing())
                .isInstanceOf(AssertionError.class).hasMessageContaining("during diagnose()");
    }

    @Test
    void aProviderThatKeepsAThreadAfterDeactivation() {
        assertThatThrownBy(() -> breaking(Misbehaviour.KEEPS_A_THREAD).stopsEveryThreadItStartedWhenDeactivated())
                .isInstanceOf(AssertionError.class).hasMessageContaining("in-memory-delivery-leaked");
    }

    @Test
    void aProviderThatThrowsInsteadOfFailingItsStage() {
        assertThatThrownBy(() -> breaking(Misbehaviour.THROWS).reportsEveryFailureAsAnOtpProviderExceptionWithAReason())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aProviderThatFailsWithAnExceptionOfItsOwn() {
        assertThatThrownBy(() -> breaking(Misbehaviour.OWN_EXCEPTION)
                .reportsEveryFailureAsAnOtpProviderExceptionWithAReason())
                .isInstanceOf(AssertionError.class).hasMessageContaining("not an OtpProviderException");
    }
}

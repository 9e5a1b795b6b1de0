package dev.liverec.api;

import dev.liverec.control.ControlFailure;
import dev.liverec.control.ControlFailure.Reason;
import dev.liverec.control.account.AccountState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reason table: every reason and every refused account state has a Tencent code; messages pass unchanged. */
class FailureCodesTest {
    @Test
    void everyReasonHasACode() {
        for (Reason r : Reason.values()) assertThat(FailureCodes.code(r)).as(r.name()).isNotBlank();
    }

    @Test
    void onlyActiveAccountsProceed() {
        for (AccountState s : AccountState.values()) {
            assertThat(FailureCodes.refused(s) == null).as(s.name()).isEqualTo(s.active());
        }
    }

    @Test
    void aFailureKeepsItsMessage() {
        ApiException e = FailureCodes.toApi(new ControlFailure(Reason.TASK_NOT_FOUND, "The record task does not exist."));
        assertThat(e.code()).isEqualTo("ResourceNotFound.TaskId");
        assertThat(e.getMessage()).isEqualTo("The record task does not exist.");
        assertThat(FailureCodes.toApi(ControlFailure.invalidValue("PageNum", "range 1-100")).getMessage())
                .isEqualTo(ApiException.invalidValue("PageNum", "range 1-100").getMessage());
    }
}

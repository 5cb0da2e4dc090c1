package io.quire.server.protocol;

import io.quire.server.protocol.ErrorCode.Fault;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCodeTest {
    @Test
    void everyCodeLooksLikeShareDbs() {
        assertThat(ErrorCode.values()).allSatisfy(code -> assertThat(code.name()).matches("ERR_[A-Z0-9_]+"));
    }

    /** The codes named in sharedb 7's lib/error.js that a server sends, so clients can test for them. */
    @Test
    void shareDbCodesAreAllThere() {
        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name)).contains(
                "ERR_MESSAGE_BADLY_FORMED", "ERR_OP_ALREADY_SUBMITTED", "ERR_OP_SUBMIT_REJECTED",
                "ERR_DOC_ALREADY_CREATED", "ERR_DOC_DOES_NOT_EXIST", "ERR_DOC_WAS_DELETED", "ERR_DOC_TYPE_NOT_RECOGNIZED",
                "ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT", "ERR_SUBMIT_TRANSFORM_OPS_NOT_FOUND",
                "ERR_OT_OP_BADLY_FORMED", "ERR_OT_OP_NOT_APPLIED", "ERR_OT_OP_NOT_PROVIDED",
                "ERR_PROTOCOL_VERSION_NOT_SUPPORTED", "ERR_DEFAULT_TYPE_MISMATCH", "ERR_CLIENT_ID_BADLY_FORMED",
                "ERR_CONNECTION_SEQ_INTEGER_OVERFLOW", "ERR_TYPE_DOES_NOT_SUPPORT_PRESENCE",
                "ERR_PRESENCE_TRANSFORM_FAILED", "ERR_SNAPSHOT_READS_REJECTED", "ERR_SNAPSHOT_READ_SILENT_REJECTION",
                "ERR_MILESTONE_ARGUMENT_INVALID", "ERR_NO_OP", "ERR_MAX_SUBMIT_RETRIES_EXCEEDED", "ERR_UNKNOWN_ERROR");
    }

    @Test
    void onlyConnectionLevelFailuresAreFatal() {
        EnumSet<ErrorCode> fatal = EnumSet.noneOf(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.isFatal()) {
                fatal.add(code);
            }
        }
        assertThat(fatal).containsExactlyInAnyOrder(ErrorCode.ERR_PROTOCOL_VERSION_NOT_SUPPORTED,
                ErrorCode.ERR_DEFAULT_TYPE_MISMATCH, ErrorCode.ERR_CLIENT_ID_BADLY_FORMED, ErrorCode.ERR_MESSAGE_TOO_LARGE);
    }

    @Test
    void faultsOfOwnCodes() {
        assertThat(ErrorCode.ERR_RATE_LIMITED.fault()).isEqualTo(Fault.CLIENT_RECOVERABLE);
        assertThat(ErrorCode.ERR_DOC_TOO_LARGE.fault()).isEqualTo(Fault.CLIENT_RECOVERABLE);
        assertThat(ErrorCode.ERR_INTERNAL.fault()).isEqualTo(Fault.SERVER_INTERNAL);
        assertThat(ErrorCode.ERR_MESSAGE_TOO_LARGE.fault()).isEqualTo(Fault.CLIENT_FATAL);
    }

    @Test
    void clientErrorsAreCheapAndServerErrorsKeepTheirTrace() {
        assertThat(new ProtocolException(ErrorCode.ERR_OT_OP_BADLY_FORMED, "x").getStackTrace()).isEmpty();
        ProtocolException internal = new ProtocolException(ErrorCode.ERR_INTERNAL, "storage failed", new RuntimeException("disk"));
        assertThat(internal.getStackTrace()).isNotEmpty();
        assertThat(internal.getCause()).hasMessage("disk");
    }

    @Test
    void fatalOverridesTheCodesFault() {
        ProtocolException e = ProtocolException.fatal(ErrorCode.ERR_MESSAGE_BADLY_FORMED, "not JSON");
        assertThat(e.closesConnection()).isTrue();
        assertThat(new ProtocolException(ErrorCode.ERR_MESSAGE_BADLY_FORMED, "bad v").closesConnection()).isFalse();
        assertThat(new ProtocolException(ErrorCode.ERR_CLIENT_ID_BADLY_FORMED, "bad id").closesConnection()).isTrue();
    }

    @Test
    void aboutKeepsEverythingButAddsTheRequest() {
        ProtocolException e = ProtocolException.fatal(ErrorCode.ERR_PROTOCOL_VERSION_NOT_SUPPORTED, "expected protocol 1");
        ProtocolException about = e.about(JsonFrames.MAPPER.createObjectNode().put("a", "hs"));
        assertThat(about.code()).isEqualTo(e.code());
        assertThat(about).hasMessage("expected protocol 1");
        assertThat(about.closesConnection()).isTrue();
        assertThat(about.request().get("a").textValue()).isEqualTo("hs");
        assertThat(about.toString()).isEqualTo("ERR_PROTOCOL_VERSION_NOT_SUPPORTED: expected protocol 1");
    }
}

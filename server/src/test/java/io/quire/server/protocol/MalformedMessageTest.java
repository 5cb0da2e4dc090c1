package io.quire.server.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quire.server.protocol.ClientMessage.PresenceUpdate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every way a frame can be refused, and what the client is told: the code, a message that says what was
 * expected, whether the request is kept for the echo, and whether the connection closes.
 */
class MalformedMessageTest {
    private final MessageDecoder decoder = new MessageDecoder();

    private ProtocolException rejects(String frame) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decoder.decode(frame));
        assertThat(e).as("decoding %s", frame).isNotNull();
        return e;
    }

    /** An error answered with an echo of the request, the connection staying open. */
    private ProtocolException answered(String frame, ErrorCode code) {
        ProtocolException e = rejects(frame);
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.closesConnection()).isFalse();
        assertThat(e.request()).isNotNull();
        return e;
    }

    @Nested
    class FramesThatCloseTheConnection {
        @ParameterizedTest
        @ValueSource(strings = {"{\"a\":\"pp\"", "not json", "{\"a\":'pp'}", "{\"a\":\"pp\"} {}", "{\"a\":NaN}",
                "{/*c*/\"a\":\"pp\"}"})
        void malformedJson(String frame) {
            ProtocolException e = rejects(frame);
            assertThat(e.code()).isEqualTo(ErrorCode.ERR_MESSAGE_BADLY_FORMED);
            assertThat(e.closesConnection()).isTrue();
            assertThat(e.request()).isNull();
            assertThat(e.getMessage()).startsWith("expected a JSON object, got invalid JSON");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[{\"a\":\"pp\"}]", "\"pp\"", "42", "null", "true"})
        void notAnObject(String frame) {
            ProtocolException e = rejects(frame);
            assertThat(e.code()).isEqualTo(ErrorCode.ERR_MESSAGE_BADLY_FORMED);
            assertThat(e.closesConnection()).isTrue();
            assertThat(e.request()).isNull();
        }

        @Test
        void arrayFrameSaysWhatCame() {
            assertThat(rejects("[1]").getMessage()).isEqualTo("expected a JSON object, got array");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void emptyFrame(String frame) {
            ProtocolException e = rejects(frame);
            assertThat(e.closesConnection()).isTrue();
            assertThat(e.getMessage()).isEqualTo("expected a JSON object, got an empty frame");
        }

        @Test
        void tooLargeIsNotParsed() {
            ProtocolException e = catchThrowableOfType(ProtocolException.class,
                    () -> new MessageDecoder(20).decode("{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\"}"));
            assertThat(e.code()).isEqualTo(ErrorCode.ERR_MESSAGE_TOO_LARGE);
            assertThat(e.closesConnection()).isTrue();
            assertThat(e.getMessage()).isEqualTo("a frame of 31 characters exceeds the limit of 20");
        }
    }

    @Nested
    class BadEnvelope {
        @Test
        void unknownActionIsAnswered() {
            ProtocolException e = answered("{\"a\":\"zz\",\"c\":\"books\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED);
            assertThat(e.getMessage()).isEqualTo("unknown action 'zz'");
            assertThat(e.request().get("c").textValue()).isEqualTo("books");
        }

        @Test
        void missingAction() {
            assertThat(answered("{\"c\":\"books\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected a to be an action string, got nothing");
            assertThat(answered("{\"a\":7}", ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected a to be an action string, got 7");
        }

        @Test
        void queriesAreRefusedByName() {
            assertThat(answered("{\"a\":\"qf\",\"id\":1,\"c\":\"books\",\"q\":{}}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("queries are not supported (action 'qf')");
        }

        @Test
        void missingCollectionOrDoc() {
            assertThat(answered("{\"a\":\"f\",\"d\":\"ch1\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected c to be a non-empty string, got nothing");
            assertThat(answered("{\"a\":\"s\",\"c\":\"books\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected d to be a non-empty string, got nothing");
            assertThat(answered("{\"a\":\"u\",\"c\":\"books\",\"d\":null}", ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected d to be a non-empty string, got null");
        }

        @Test
        void wrongTypedNames() {
            assertThat(answered("{\"a\":\"f\",\"c\":\"books\",\"d\":5}", ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected d to be a non-empty string, got 5");
            assertThat(answered("{\"a\":\"f\",\"c\":[\"books\"],\"d\":\"x\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected c to be a non-empty string, got [\"books\"]");
            assertThat(answered("{\"a\":\"f\",\"c\":\"\",\"d\":\"x\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected c to be a non-empty string, got \"\"");
        }

        @Test
        void unusableNames() {
            String longId = "x".repeat(257);
            assertThat(answered("{\"a\":\"f\",\"c\":\"books\",\"d\":\"" + longId + "\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).startsWith("expected d to be at most 256 characters long, got \"xxxx");
            assertThat(answered("{\"a\":\"f\",\"c\":\"books\",\"d\":\"a\\u0000b\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).startsWith("expected d to be a string without control characters");
            assertThat(answered("{\"a\":\"f\",\"c\":\"__proto__\",\"d\":\"x\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected c to be a name other than an Object.prototype property, got \"__proto__\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "1.5", "\"3\"", "true", "[]", "{}", "-0.5", "1e400"})
        void versionsThatAreNotNonNegativeIntegers(String v) {
            ProtocolException e = answered("{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"v\":" + v + "}",
                    ErrorCode.ERR_MESSAGE_BADLY_FORMED);
            assertThat(e.getMessage()).startsWith("expected v to be a non-negative integer, got ");
        }

        @Test
        void versionMessageShowsTheValue() {
            assertThat(answered("{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"v\":\"x\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected v to be a non-negative integer, got \"x\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {"9007199254740992", "1e20", "123456789012345678901234567890"})
        void versionsBeyondWhatJavaScriptHoldsExactly(String v) {
            assertThat(answered("{\"a\":\"s\",\"c\":\"books\",\"d\":\"ch1\",\"v\":" + v + "}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).startsWith("expected v to be a non-negative integer up to 2^53-1, got ");
        }

        @Test
        void snapshotRequestsNeedARequestNumber() {
            assertThat(answered("{\"a\":\"nf\",\"c\":\"books\",\"d\":\"ch1\",\"v\":1}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected id to be a non-negative integer, got nothing");
            assertThat(answered("{\"a\":\"nt\",\"id\":1,\"c\":\"books\",\"d\":\"ch1\",\"ts\":\"yesterday\"}",
                    ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected ts to be a non-negative integer, got \"yesterday\"");
        }

        @Test
        void bulkWithoutDocs() {
            assertThat(answered("{\"a\":\"bs\",\"c\":\"books\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected b to be an array of document ids or an object of id to version, got nothing");
            assertThat(answered("{\"a\":\"bs\",\"c\":\"books\",\"b\":\"ch1\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).endsWith("got \"ch1\"");
        }

        @Test
        void bulkWithBadIdsOrVersions() {
            assertThat(answered("{\"a\":\"bf\",\"c\":\"books\",\"b\":[\"ch1\",2]}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected b[1] to be a document id: a non-empty string, got 2");
            assertThat(answered("{\"a\":\"bf\",\"c\":\"books\",\"b\":{\"ch1\":-1}}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected b.ch1 to be a non-negative integer, got -1");
            assertThat(answered("{\"a\":\"bf\",\"c\":\"books\",\"b\":{\"ch1\":null}}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected b.ch1 to be a non-negative integer, got null");
            assertThat(answered("{\"a\":\"bf\",\"c\":\"books\",\"b\":{\"\":1}}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected each key of b to be a document id: a non-empty string, got \"\"");
        }
    }

    @Nested
    class BadHandshake {
        @Test
        void otherMajorProtocolClosesTheConnection() {
            ProtocolException e = rejects("{\"a\":\"hs\",\"id\":null,\"protocol\":2,\"protocolMinor\":0}");
            assertThat(e.code()).isEqualTo(ErrorCode.ERR_PROTOCOL_VERSION_NOT_SUPPORTED);
            assertThat(e.closesConnection()).isTrue();
            assertThat(e.request()).isNotNull();
            assertThat(e.getMessage()).isEqualTo("expected protocol to be 1, got 2");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"a\":\"hs\"}", "{\"a\":\"hs\",\"protocol\":\"one\"}", "{\"a\":\"hs\",\"protocol\":1.5}",
                "{\"a\":\"hs\",\"protocol\":1,\"protocolMinor\":-1}", "{\"a\":\"hs\",\"protocol\":1,\"protocolMinor\":{}}"})
        void unusableProtocol(String frame) {
            ProtocolException e = rejects(frame);
            assertThat(e.code()).isEqualTo(ErrorCode.ERR_PROTOCOL_VERSION_NOT_SUPPORTED);
            assertThat(e.closesConnection()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"42", "{}", "true", "\"a\\u0001\""})
        void clientIdThatIsNotAUsableString(String id) {
            ProtocolException e = rejects("{\"a\":\"hs\",\"id\":" + id + ",\"protocol\":1,\"protocolMinor\":2}");
            assertThat(e.code()).isEqualTo(ErrorCode.ERR_CLIENT_ID_BADLY_FORMED);
            assertThat(e.closesConnection()).isTrue();
            assertThat(e.getMessage()).startsWith("expected id to be null or a ");
        }
    }

    @Nested
    class BadSubmit {
        private static final String HEAD = "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":3,\"seq\":7,";

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "1.5", "\"7\"", "null"})
        void seqThatIsNotAPositiveInteger(String seq) {
            ProtocolException e = answered("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":3,\"seq\":" + seq
                    + ",\"del\":true}", ErrorCode.ERR_MESSAGE_BADLY_FORMED);
            assertThat(e.getMessage()).isEqualTo("expected seq to be a positive integer, got " + seq);
        }

        @Test
        void missingSeq() {
            assertThat(answered("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":3,\"del\":true}",
                    ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage()).isEqualTo("expected seq to be a positive integer, got nothing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"9007199254740991", "9007199254740992", "1e300"})
        void seqAtTheSafeLimitOverflows(String seq) {
            ProtocolException e = answered("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":3,\"seq\":" + seq
                    + ",\"del\":true}", ErrorCode.ERR_CONNECTION_SEQ_INTEGER_OVERFLOW);
            assertThat(e.getMessage()).contains("has reached 2^53-1");
        }

        @Test
        void badVersion() {
            assertThat(answered("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":-3,\"seq\":1,\"del\":true}",
                    ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage()).isEqualTo("expected v to be a non-negative integer, got -3");
        }

        @ParameterizedTest
        @ValueSource(strings = {"retain", "delete"})
        void adjacentLengthsThatAddUpPastAnInt(String action) {
            assertThat(answered(HEAD + "\"op\":[{\"" + action + "\":2147483646},{\"" + action + "\":30}]}",
                    ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage()).contains("past 2^31-1");
        }

        @Test
        void srcThatIsNotAString() {
            assertThat(answered(HEAD + "\"src\":5,\"del\":true}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("expected src to be a non-empty string, got 5");
        }

        @Test
        void noChange() {
            assertThat(answered(HEAD + "\"x\":{}}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("expected exactly one of op, create or del, got none");
        }

        @Test
        void bothOpAndCreate() {
            assertThat(answered(HEAD + "\"op\":[{\"insert\":\"a\"}],\"create\":{\"type\":\"rich-text\"}}",
                    ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("expected exactly one of op, create or del, got op and create");
        }

        @Test
        void createAndDelete() {
            assertThat(answered(HEAD + "\"create\":{\"type\":\"rich-text\"},\"del\":true}", ErrorCode.ERR_OT_OP_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected exactly one of op, create or del, got create and del");
        }

        @Test
        void opNotADelta() {
            assertThat(answered(HEAD + "\"op\":\"insert a\"}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("delta must be {\"ops\": [...]} or an array of ops");
            assertThat(answered(HEAD + "\"op\":{\"insert\":\"a\"}}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("delta must have an \"ops\" array");
            assertThat(answered(HEAD + "\"op\":null}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("delta must be {\"ops\": [...]} or an array of ops");
        }

        @Test
        void opWithRetainZero() {
            assertThat(answered(HEAD + "\"op\":[{\"retain\":0},{\"insert\":\"a\"}]}", ErrorCode.ERR_OT_OP_BADLY_FORMED)
                    .getMessage()).isEqualTo("op 0: retain must be a positive integer below 2^31, got 0");
        }

        @Test
        void opWithBadComponents() {
            assertThat(answered(HEAD + "\"op\":[{\"retain\":1.5}]}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("op 0: retain must be a positive integer, got 1.5");
            assertThat(answered(HEAD + "\"op\":[{\"retain\":1},{\"insert\":\"a\",\"delete\":1}]}",
                    ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("op 1: an op needs exactly one of insert, retain or delete, got 2");
            assertThat(answered(HEAD + "\"op\":[{\"insert\":\"\"}]}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("op 0: insert text must not be empty");
        }

        @Test
        void createWithUnknownType() {
            ProtocolException e = answered(HEAD + "\"create\":{\"type\":\"json0\",\"data\":{}}}",
                    ErrorCode.ERR_DOC_TYPE_NOT_RECOGNIZED);
            assertThat(e.getMessage()).isEqualTo("unknown type \"json0\" (expected http://sharejs.org/types/rich-text/v1 or rich-text)");
            answered(HEAD + "\"create\":{\"type\":\"http://sharejs.org/types/JSONv0\"}}", ErrorCode.ERR_DOC_TYPE_NOT_RECOGNIZED);
        }

        @Test
        void createWithoutType() {
            assertThat(answered(HEAD + "\"create\":{\"data\":[]}}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("expected create.type to be a type name or URI, got nothing");
            assertThat(answered(HEAD + "\"create\":\"rich-text\"}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("expected create to be an object {type, data}, got \"rich-text\"");
        }

        @Test
        void createRetainingPastNothing() {
            assertThat(answered(HEAD + "\"create\":{\"type\":\"rich-text\",\"data\":[{\"insert\":\"a\"},{\"retain\":3}]}}",
                    ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("expected create.data to be a document (inserts only), got {\"retain\":3} at op 1");
            assertThat(answered(HEAD + "\"create\":{\"type\":\"rich-text\",\"data\":{\"ops\":[{\"delete\":1}]}}}",
                    ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("expected create.data to be a document (inserts only), got {\"delete\":1} at op 0");
        }

        @Test
        void createWithMalformedData() {
            assertThat(answered(HEAD + "\"create\":{\"type\":\"rich-text\",\"data\":\"Hello\"}}", ErrorCode.ERR_OT_OP_BADLY_FORMED)
                    .getMessage()).isEqualTo("create.data: delta must be {\"ops\": [...]} or an array of ops");
        }

        @Test
        void deleteThatIsNotTrue() {
            assertThat(answered(HEAD + "\"del\":false}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("expected del to be true, got false");
            assertThat(answered(HEAD + "\"del\":1}", ErrorCode.ERR_OT_OP_BADLY_FORMED).getMessage())
                    .isEqualTo("expected del to be true, got 1");
        }

        @Test
        void theRequestIsKeptForTheEcho() {
            ProtocolException e = answered(HEAD + "\"x\":{},\"op\":[{\"retain\":0}]}", ErrorCode.ERR_OT_OP_BADLY_FORMED);
            assertThat(e.request().get("seq").intValue()).isEqualTo(7);
            assertThat(e.request().get("x").isObject()).isTrue();
        }
    }

    @Nested
    class BadPresence {
        private static String docPresence(String p) {
            return "{\"a\":\"p\",\"ch\":\"books.ch1\",\"id\":\"pres1\",\"p\":" + p
                    + ",\"pv\":0,\"c\":\"books\",\"d\":\"ch1\",\"v\":2,\"t\":\"http://sharejs.org/types/rich-text/v1\"}";
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"index\":-1,\"length\":0}", "{\"index\":1.5,\"length\":0}", "{\"index\":1}",
                "{\"index\":\"1\",\"length\":0}", "{\"index\":0,\"length\":-2}", "{\"index\":2147483648,\"length\":0}"})
        void rangeWithBadPositions(String p) {
            ProtocolException e = answered(docPresence(p), ErrorCode.ERR_MESSAGE_BADLY_FORMED);
            assertThat(e.getMessage()).matches("expected p\\.(index|length) to be an integer from 0 to 2\\^31-1, got .*");
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "\"3:2\"", "[3,2]", "true"})
        void rangeThatIsNotAnObject(String p) {
            assertThat(answered(docPresence(p), ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected p to be null or a range {index, length}, got " + p);
        }

        @Test
        void rangeEndingPast2To31() {
            assertThat(answered(docPresence("{\"index\":2147483647,\"length\":1}"), ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected p.index + p.length to be below 2^31, got 2147483648");
        }

        @Test
        void extraRangeFieldsAreKept() {
            PresenceUpdate update = (PresenceUpdate) decoder.decode(docPresence("{\"index\":1,\"length\":2,\"color\":\"red\"}"));
            assertThat(update.value().get("color").textValue()).isEqualTo("red");
        }

        @Test
        void otherType() {
            ProtocolException e = answered("{\"a\":\"p\",\"ch\":\"books.ch1\",\"id\":\"pres1\",\"p\":null,\"pv\":0,"
                    + "\"c\":\"books\",\"d\":\"ch1\",\"v\":2,\"t\":\"http://sharejs.org/types/JSONv0\"}",
                    ErrorCode.ERR_TYPE_DOES_NOT_SUPPORT_PRESENCE);
            assertThat(e.getMessage()).startsWith("type \"http://sharejs.org/types/JSONv0\" does not support presence");
        }

        @Test
        void channelThatIsNotTheDocument() {
            assertThat(answered("{\"a\":\"p\",\"ch\":\"books.ch2\",\"id\":\"pres1\",\"p\":null,\"pv\":0,"
                    + "\"c\":\"books\",\"d\":\"ch1\",\"v\":2}", ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage())
                    .isEqualTo("expected ch to be \"books.ch1\" for presence in document books/ch1, got \"books.ch2\"");
        }

        @Test
        void documentWithoutCollection() {
            assertThat(answered("{\"a\":\"p\",\"ch\":\"books.ch1\",\"id\":\"pres1\",\"p\":null,\"pv\":0,\"d\":\"ch1\"}",
                    ErrorCode.ERR_MESSAGE_BADLY_FORMED).getMessage()).isEqualTo("expected c to be a non-empty string, got nothing");
        }

        @Test
        void missingIdsAndVersions() {
            assertThat(answered("{\"a\":\"p\",\"ch\":\"lobby\",\"p\":null,\"pv\":0}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected id to be a non-empty string, got nothing");
            assertThat(answered("{\"a\":\"p\",\"ch\":\"lobby\",\"id\":\"p1\",\"p\":null}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected pv to be a non-negative integer, got nothing");
            assertThat(answered("{\"a\":\"p\",\"id\":\"p1\",\"p\":null,\"pv\":0}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected ch to be a non-empty string, got nothing");
        }

        @Test
        void subscriptionSeqFromOne() {
            assertThat(answered("{\"a\":\"ps\",\"ch\":\"books.ch1\",\"seq\":0}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected seq to be a positive integer, got 0");
            assertThat(answered("{\"a\":\"pu\",\"ch\":\"books.ch1\"}", ErrorCode.ERR_MESSAGE_BADLY_FORMED)
                    .getMessage()).isEqualTo("expected seq to be a positive integer, got nothing");
        }

        @Test
        void textRangeReadsJsonNullAsNoSelection() {
            assertThat(TextRange.read(JsonNodeFactory.instance.nullNode())).isNull();
        }
    }
}

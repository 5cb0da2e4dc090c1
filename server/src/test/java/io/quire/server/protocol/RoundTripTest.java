package io.quire.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.ot.Delta;
import io.quire.ot.DeltaJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server writes about a request reads back as the same request: the error echo decodes to the
 * message it echoes, and for canonical frames it is the frame itself.
 */
class RoundTripTest {
    private final MessageDecoder decoder = new MessageDecoder();

    /** Frames from the sharedb 7 client (see {@link MessageDecoderTest}), plus a few edge shapes. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":\"hs\",\"id\":null,\"protocol\":1,\"protocolMinor\":2}",
            "{\"a\":\"hs\",\"id\":\"srv1\",\"protocol\":1,\"protocolMinor\":2}",
            "{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"v\":null}",
            "{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"v\":4}",
            "{\"a\":\"s\",\"c\":\"books\",\"d\":\"ch1\",\"v\":2}",
            "{\"a\":\"u\",\"c\":\"books\",\"d\":\"ch1\"}",
            "{\"a\":\"bs\",\"c\":\"books\",\"b\":[\"ch2\",\"ch3\"]}",
            "{\"a\":\"bf\",\"c\":\"books\",\"b\":{\"ch2\":1,\"ch3\":0}}",
            "{\"a\":\"bu\",\"c\":\"books\",\"b\":[\"ch2\",\"ch3\"]}",
            "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":4,\"seq\":1,\"x\":{},\"op\":{\"ops\":[{\"retain\":11},{\"insert\":\"!\"}]}}",
            "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":1,\"seq\":2,\"x\":{},\"op\":[{\"retain\":5},{\"insert\":\" world\",\"attributes\":{\"bold\":true}}]}",
            "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":0,\"seq\":1,\"x\":{},\"create\":{\"type\":\"rich-text\",\"data\":[{\"insert\":\"Hello\\n\"}]}}",
            "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch5\",\"v\":null,\"seq\":3,\"x\":{},\"create\":{\"type\":\"rich-text\"}}",
            "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":2,\"src\":\"srv1\",\"seq\":3,\"x\":{},\"del\":true}",
            "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":0,\"seq\":9,\"op\":[{\"insert\":{\"image\":\"a.png\"},\"attributes\":{\"alt\":null}},{\"delete\":3}]}",
            "{\"a\":\"nf\",\"id\":1,\"c\":\"books\",\"d\":\"ch1\",\"v\":1}",
            "{\"a\":\"nf\",\"id\":3,\"c\":\"books\",\"d\":\"ch1\",\"v\":null}",
            "{\"a\":\"nt\",\"id\":2,\"c\":\"books\",\"d\":\"ch1\",\"ts\":1700000000000}",
            "{\"a\":\"ps\",\"ch\":\"books.ch1\",\"seq\":1}",
            "{\"a\":\"pu\",\"ch\":\"books.ch1\",\"seq\":2}",
            "{\"a\":\"pr\",\"ch\":\"books.ch1\"}",
            "{\"a\":\"p\",\"ch\":\"lobby\",\"id\":\"pres2\",\"p\":{\"any\":\"thing\"},\"pv\":0}",
            "{\"a\":\"p\",\"ch\":\"books.ch1\",\"id\":\"pres1\",\"p\":{\"index\":3,\"length\":2},\"pv\":0,\"c\":\"books\",\"d\":\"ch1\",\"v\":2,\"t\":\"http://sharejs.org/types/rich-text/v1\"}",
            "{\"a\":\"p\",\"ch\":\"books.ch1\",\"id\":\"pres1\",\"p\":null,\"pv\":1,\"c\":\"books\",\"d\":\"ch1\",\"v\":null,\"t\":null}",
            "{\"a\":\"pp\"}"})
    void errorEchoDecodesToTheSameMessage(String frame) {
        ClientMessage message = decoder.decode(frame);
        String reply = MessageEncoder.errorReply(message, ErrorCode.ERR_INTERNAL, "boom");
        ObjectNode echo = (ObjectNode) parse(reply);
        assertThat(echo.remove("error")).isEqualTo(parse("{\"code\":\"ERR_INTERNAL\",\"message\":\"boom\"}"));
        assertThat(decoder.decode(echo.toString())).isEqualTo(message);
    }

    /** Canonical frames (no {@code x}, ops already canonical, create by URI) come back field for field. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"v\":null}",
            "{\"a\":\"bf\",\"c\":\"books\",\"b\":{\"ch2\":1,\"ch3\":0}}",
            "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":4,\"seq\":1,\"op\":{\"ops\":[{\"retain\":11},{\"insert\":\"!\"}]}}",
            "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":null,\"seq\":2,\"create\":{\"type\":\"http://sharejs.org/types/rich-text/v1\",\"data\":{\"ops\":[{\"insert\":\"Hi\\n\"}]}}}",
            "{\"a\":\"nt\",\"id\":2,\"c\":\"books\",\"d\":\"ch1\",\"ts\":1700000000000}",
            "{\"a\":\"p\",\"ch\":\"books.ch1\",\"id\":\"pres1\",\"p\":{\"index\":3,\"length\":2},\"pv\":0,\"c\":\"books\",\"d\":\"ch1\",\"v\":2,\"t\":\"http://sharejs.org/types/rich-text/v1\"}"})
    void canonicalFramesEchoAsTheyCame(String frame) {
        ObjectNode echo = (ObjectNode) parse(MessageEncoder.errorReply(decoder.decode(frame), ErrorCode.ERR_INTERNAL, "boom"));
        echo.remove("error");
        assertThat(echo).isEqualTo(parse(frame));
    }

    @Test
    void opMessageCarriesTheDeltaExactly() {
        Delta delta = DeltaJson.parse("{\"ops\":[{\"retain\":3,\"attributes\":{\"bold\":null,\"color\":\"#f00\"}},"
                + "{\"insert\":{\"formula\":\"e=mc^2\"}},{\"insert\":\"\ud83d\ude00 \u00e9\"},{\"delete\":2}]}");
        JsonNode op = parse(MessageEncoder.op("books", "ch1", 3, "c1", 7, new DocOp.Edit(delta))).get("op");
        assertThat(DeltaJson.read(op)).isEqualTo(delta);
        assertThat(op.toString()).isEqualTo(DeltaJson.write(delta));
    }

    @Test
    void snapshotReplyCarriesTheDocumentExactly() {
        Delta document = DeltaJson.parse("{\"ops\":[{\"insert\":\"Title\",\"attributes\":{\"header\":1}},{\"insert\":\"\\n\"}]}");
        JsonNode data = parse(MessageEncoder.subscribeReply("books", "ch1", new DocSnapshot(2, document))).get("data");
        assertThat(data.get("v").longValue()).isEqualTo(2);
        assertThat(DeltaJson.read(data.get("data"))).isEqualTo(document);
    }

    private static JsonNode parse(String json) {
        try {
            return JsonFrames.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

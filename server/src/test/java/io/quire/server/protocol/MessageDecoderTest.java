package io.quire.server.protocol;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.server.protocol.ClientMessage.BulkFetch;
import io.quire.server.protocol.ClientMessage.BulkSubscribe;
import io.quire.server.protocol.ClientMessage.BulkUnsubscribe;
import io.quire.server.protocol.ClientMessage.Fetch;
import io.quire.server.protocol.ClientMessage.Handshake;
import io.quire.server.protocol.ClientMessage.Ping;
import io.quire.server.protocol.ClientMessage.PresenceRequest;
import io.quire.server.protocol.ClientMessage.PresenceSubscribe;
import io.quire.server.protocol.ClientMessage.PresenceUnsubscribe;
import io.quire.server.protocol.ClientMessage.PresenceUpdate;
import io.quire.server.protocol.ClientMessage.SnapshotFetch;
import io.quire.server.protocol.ClientMessage.SnapshotFetchAtTime;
import io.quire.server.protocol.ClientMessage.Submit;
import io.quire.server.protocol.ClientMessage.Subscribe;
import io.quire.server.protocol.ClientMessage.Unsubscribe;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frames under "as the sharedb 7 client sends them" were captured from the real client
 * ({@code sharedb/lib/client} 7.0.0 with {@code rich-text} 4.1.0 registered) driven against a fake socket.
 */
class MessageDecoderTest {
    private static final String RICH_TEXT = Protocol.RICH_TEXT_URI;
    private final MessageDecoder decoder = new MessageDecoder();

    private static Delta text(String text) {
        return Delta.ofText(text);
    }

    @Nested
    class AsTheSharedb7ClientSendsThem {
        @Test
        void handshakeOnFirstConnect() {
            assertThat(decoder.decode("{\"a\":\"hs\",\"id\":null,\"protocol\":1,\"protocolMinor\":2}"))
                    .isEqualTo(new Handshake(null, 1, 2));
        }

        @Test
        void handshakeOnReconnectKeepsTheId() {
            assertThat(decoder.decode("{\"a\":\"hs\",\"id\":\"srv1\",\"protocol\":1,\"protocolMinor\":2}"))
                    .isEqualTo(new Handshake("srv1", 1, 2));
        }

        @Test
        void fetchWithoutVersion() {
            assertThat(decoder.decode("{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"v\":null}"))
                    .isEqualTo(new Fetch("books", "ch1", null));
        }

        @Test
        void fetchFromVersion() {
            assertThat(decoder.decode("{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"v\":4}"))
                    .isEqualTo(new Fetch("books", "ch1", 4L));
        }

        @Test
        void subscribe() {
            assertThat(decoder.decode("{\"a\":\"s\",\"c\":\"books\",\"d\":\"ch1\",\"v\":null}"))
                    .isEqualTo(new Subscribe("books", "ch1", null));
            assertThat(decoder.decode("{\"a\":\"s\",\"c\":\"books\",\"d\":\"ch1\",\"v\":2}"))
                    .isEqualTo(new Subscribe("books", "ch1", 2L));
        }

        @Test
        void unsubscribe() {
            assertThat(decoder.decode("{\"a\":\"u\",\"c\":\"books\",\"d\":\"ch1\"}"))
                    .isEqualTo(new Unsubscribe("books", "ch1"));
        }

        @Test
        void bulkSubscribeByIds() {
            assertThat(decoder.decode("{\"a\":\"bs\",\"c\":\"books\",\"b\":[\"ch2\",\"ch3\"]}"))
                    .isEqualTo(new BulkSubscribe("books", new BulkDocs.IdList(List.of("ch2", "ch3"))));
        }

        @Test
        void bulkFetchByVersions() {
            Map<String, Long> versions = new LinkedHashMap<>();
            versions.put("ch2", 1L);
            versions.put("ch3", 0L);
            ClientMessage message = decoder.decode("{\"a\":\"bf\",\"c\":\"books\",\"b\":{\"ch2\":1,\"ch3\":0}}");
            assertThat(message).isEqualTo(new BulkFetch("books", new BulkDocs.VersionMap(versions)));
            assertThat(((BulkFetch) message).docs().ids()).containsExactly("ch2", "ch3");
        }

        @Test
        void bulkUnsubscribe() {
            assertThat(decoder.decode("{\"a\":\"bu\",\"c\":\"books\",\"b\":[\"ch2\",\"ch3\"]}"))
                    .isEqualTo(new BulkUnsubscribe("books", new BulkDocs.IdList(List.of("ch2", "ch3"))));
        }

        @Test
        void editAsDeltaObject() {
            assertThat(decoder.decode("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":4,\"seq\":1,\"x\":{},"
                    + "\"op\":{\"ops\":[{\"retain\":11},{\"insert\":\"!\"}]}}"))
                    .isEqualTo(new Submit("books", "ch1", 4L, 1, null,
                            new DocOp.Edit(Delta.builder().retain(11).insert("!").build())));
        }

        @Test
        void editAsBareArrayWithAttributes() {
            assertThat(decoder.decode("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":1,\"seq\":2,\"x\":{},"
                    + "\"op\":[{\"retain\":5},{\"insert\":\" world\",\"attributes\":{\"bold\":true}}]}"))
                    .isEqualTo(new Submit("books", "ch1", 1L, 2, null, new DocOp.Edit(Delta.builder().retain(5)
                            .insert(" world", AttributeMap.of("bold", true)).build())));
        }

        @Test
        void createWithShortTypeNameAndArrayData() {
            assertThat(decoder.decode("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":0,\"seq\":1,\"x\":{},"
                    + "\"create\":{\"type\":\"rich-text\",\"data\":[{\"insert\":\"Hello\\n\"}]}}"))
                    .isEqualTo(new Submit("books", "ch1", 0L, 1, null, new DocOp.Create(text("Hello\n"))));
        }

        @Test
        void createWithoutFetchingHasNullVersionAndUri() {
            Submit submit = (Submit) decoder.decode("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch4\",\"v\":null,\"seq\":2,"
                    + "\"x\":{},\"create\":{\"type\":\"http://sharejs.org/types/rich-text/v1\",\"data\":{\"ops\":"
                    + "[{\"insert\":\"Title\",\"attributes\":{\"header\":1}},{\"insert\":\"\\n\"}]}}}");
            assertThat(submit.version()).isNull();
            assertThat(submit.op()).isEqualTo(new DocOp.Create(Delta.builder()
                    .insert("Title", AttributeMap.of("header", 1L)).insert("\n").build()));
            assertThat(((DocOp.Create) submit.op()).type()).isEqualTo(RICH_TEXT);
        }

        @Test
        void createWithoutDataIsAnEmptyDocument() {
            assertThat(decoder.decode("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch5\",\"v\":null,\"seq\":3,\"x\":{},"
                    + "\"create\":{\"type\":\"rich-text\"}}"))
                    .isEqualTo(new Submit("books", "ch5", null, 3, null, new DocOp.Create(Delta.EMPTY)));
        }

        @Test
        void delete() {
            assertThat(decoder.decode("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":2,\"seq\":3,\"x\":{},\"del\":true}"))
                    .isEqualTo(new Submit("books", "ch1", 2L, 3, null, DocOp.Delete.INSTANCE));
        }

        @Test
        void resendAfterReconnectCarriesSrc() {
            assertThat(decoder.decode("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":2,\"src\":\"srv1\",\"seq\":3,"
                    + "\"x\":{},\"del\":true}"))
                    .isEqualTo(new Submit("books", "ch1", 2L, 3, "srv1", DocOp.Delete.INSTANCE));
        }

        @Test
        void snapshotAtVersion() {
            assertThat(decoder.decode("{\"a\":\"nf\",\"id\":1,\"c\":\"books\",\"d\":\"ch1\",\"v\":1}"))
                    .isEqualTo(new SnapshotFetch(1, "books", "ch1", 1L));
            assertThat(decoder.decode("{\"a\":\"nf\",\"id\":3,\"c\":\"books\",\"d\":\"ch1\",\"v\":null}"))
                    .isEqualTo(new SnapshotFetch(3, "books", "ch1", null));
        }

        @Test
        void snapshotAtTime() {
            assertThat(decoder.decode("{\"a\":\"nt\",\"id\":2,\"c\":\"books\",\"d\":\"ch1\",\"ts\":1700000000000}"))
                    .isEqualTo(new SnapshotFetchAtTime(2, "books", "ch1", 1_700_000_000_000L));
            assertThat(decoder.decode("{\"a\":\"nt\",\"id\":4,\"c\":\"books\",\"d\":\"ch1\",\"ts\":null}"))
                    .isEqualTo(new SnapshotFetchAtTime(4, "books", "ch1", null));
        }

        @Test
        void presenceSubscription() {
            assertThat(decoder.decode("{\"a\":\"ps\",\"ch\":\"books.ch1\",\"seq\":1}"))
                    .isEqualTo(new PresenceSubscribe("books.ch1", 1));
            assertThat(decoder.decode("{\"a\":\"pu\",\"ch\":\"books.ch1\",\"seq\":2}"))
                    .isEqualTo(new PresenceUnsubscribe("books.ch1", 2));
            assertThat(decoder.decode("{\"a\":\"pr\",\"ch\":\"books.ch1\"}"))
                    .isEqualTo(new PresenceRequest("books.ch1"));
        }

        @Test
        void docPresence() {
            PresenceUpdate update = (PresenceUpdate) decoder.decode("{\"a\":\"p\",\"ch\":\"books.ch1\",\"id\":\"pres1\","
                    + "\"p\":{\"index\":3,\"length\":2},\"pv\":0,\"c\":\"books\",\"d\":\"ch1\",\"v\":2,"
                    + "\"t\":\"http://sharejs.org/types/rich-text/v1\"}");
            assertThat(update.isDocPresence()).isTrue();
            assertThat(update.range()).isEqualTo(new TextRange(3, 2));
            assertThat(update).isEqualTo(new PresenceUpdate("books.ch1", "pres1",
                    JsonFrames.MAPPER.createObjectNode().put("index", 3).put("length", 2), 0, "books", "ch1", 2L,
                    RICH_TEXT));
        }

        @Test
        void docPresenceLeaving() {
            PresenceUpdate update = (PresenceUpdate) decoder.decode("{\"a\":\"p\",\"ch\":\"books.ch1\",\"id\":\"pres1\","
                    + "\"p\":null,\"pv\":1,\"c\":\"books\",\"d\":\"ch1\",\"v\":2,\"t\":\"http://sharejs.org/types/rich-text/v1\"}");
            assertThat(update.value()).isNull();
            assertThat(update.range()).isNull();
        }

        @Test
        void channelPresenceCarriesAnyValue() {
            PresenceUpdate update = (PresenceUpdate) decoder.decode(
                    "{\"a\":\"p\",\"ch\":\"lobby\",\"id\":\"pres2\",\"p\":{\"any\":\"thing\"},\"pv\":0}");
            assertThat(update.isDocPresence()).isFalse();
            assertThat(update).isEqualTo(new PresenceUpdate("lobby", "pres2",
                    JsonFrames.MAPPER.createObjectNode().put("any", "thing"), 0, null, null, null, null));
        }

        @Test
        void ping() {
            assertThat(decoder.decode("{\"a\":\"pp\"}")).isEqualTo(new Ping());
        }
    }

    @Nested
    class Leniency {
        @Test
        void wholeNumbersWrittenAsDecimalsAreIntegers() {
            assertThat(decoder.decode("{\"a\":\"f\",\"c\":\"b\",\"d\":\"x\",\"v\":3.0}")).isEqualTo(new Fetch("b", "x", 3L));
            assertThat(decoder.decode("{\"a\":\"f\",\"c\":\"b\",\"d\":\"x\",\"v\":3e2}")).isEqualTo(new Fetch("b", "x", 300L));
        }

        @Test
        void largestSafeVersionIsAccepted() {
            assertThat(decoder.decode("{\"a\":\"f\",\"c\":\"b\",\"d\":\"x\",\"v\":9007199254740991}"))
                    .isEqualTo(new Fetch("b", "x", Protocol.MAX_SAFE_INTEGER));
        }

        @Test
        void absentVersionIsNull() {
            assertThat(decoder.decode("{\"a\":\"s\",\"c\":\"b\",\"d\":\"x\"}")).isEqualTo(new Subscribe("b", "x", null));
        }

        @Test
        void unknownFieldsAreIgnored() {
            assertThat(decoder.decode("{\"a\":\"f\",\"c\":\"b\",\"d\":\"x\",\"later\":{\"field\":1}}"))
                    .isEqualTo(new Fetch("b", "x", null));
        }

        @Test
        void emptySrcCountsAsAbsentAsInShareDb() {
            Submit submit = (Submit) decoder.decode("{\"a\":\"op\",\"c\":\"b\",\"d\":\"x\",\"v\":0,\"src\":\"\",\"seq\":1,\"del\":true}");
            assertThat(submit.source()).isNull();
        }

        @Test
        void handshakeWithNumericStringsAndOlderMinor() {
            assertThat(decoder.decode("{\"a\":\"hs\",\"protocol\":\"1\",\"protocolMinor\":\"1\"}"))
                    .isEqualTo(new Handshake(null, 1, 1));
            assertThat(decoder.decode("{\"a\":\"hs\",\"id\":\"\",\"protocol\":1}")).isEqualTo(new Handshake(null, 1, 0));
        }

        @Test
        void editIsCanonicalized() {
            Submit submit = (Submit) decoder.decode("{\"a\":\"op\",\"c\":\"b\",\"d\":\"x\",\"v\":0,\"seq\":1,"
                    + "\"op\":[{\"insert\":\"a\"},{\"insert\":\"b\",\"attributes\":{}},{\"retain\":2},{\"retain\":3}]}");
            assertThat(submit.op()).isEqualTo(new DocOp.Edit(Delta.builder().insert("ab").retain(5).build()));
        }

        @Test
        void loneSurrogatesInStringsArriveIntact() {
            Submit submit = (Submit) decoder.decode("{\"a\":\"op\",\"c\":\"b\",\"d\":\"x\",\"v\":0,\"seq\":1,"
                    + "\"op\":[{\"insert\":\"\\ud83d\"}]}");
            assertThat(submit.op()).isEqualTo(new DocOp.Edit(text("\ud83d")));
        }
    }
}

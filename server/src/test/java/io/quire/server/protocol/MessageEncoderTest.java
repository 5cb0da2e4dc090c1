package io.quire.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.ot.DeltaJson;
import io.quire.server.protocol.ClientMessage.PresenceUpdate;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.StoredOp;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MessageEncoderTest {
    private static final String RICH_TEXT = "http://sharejs.org/types/rich-text/v1";
    private static final Delta HELLO = Delta.builder().insert("Hello", AttributeMap.of("bold", true)).insert("\n").build();
    private static final String HELLO_JSON = "{\"ops\":[{\"insert\":\"Hello\",\"attributes\":{\"bold\":true}},{\"insert\":\"\\n\"}]}";

    @Nested
    class Connection {
        @Test
        void legacyInitNamesJson0AsTheDefaultType() {
            assertThat(MessageEncoder.init("c1")).isEqualTo(
                    "{\"a\":\"init\",\"protocol\":1,\"protocolMinor\":2,\"id\":\"c1\",\"type\":\"http://sharejs.org/types/JSONv0\"}");
        }

        @Test
        void handshakeReply() {
            assertThat(MessageEncoder.handshake("c1")).isEqualTo(
                    "{\"a\":\"hs\",\"protocol\":1,\"protocolMinor\":2,\"id\":\"c1\",\"type\":\"http://sharejs.org/types/JSONv0\"}");
        }

        @Test
        void pong() {
            assertThat(MessageEncoder.pong()).isEqualTo("{\"a\":\"pp\"}");
        }
    }

    @Nested
    class FetchAndSubscribe {
        @Test
        void snapshotOfAnExistingDocumentAlwaysNamesItsType() {
            assertThat(MessageEncoder.fetchReply("books", "ch1", new DocSnapshot(3, HELLO))).isEqualTo(
                    "{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"data\":{\"v\":3,\"data\":" + HELLO_JSON
                            + ",\"type\":\"" + RICH_TEXT + "\"}}");
        }

        @Test
        void missingDocumentHasNullTypeAndNoData() {
            assertThat(MessageEncoder.subscribeReply("books", "ch1", DocSnapshot.missing(0)))
                    .isEqualTo("{\"a\":\"s\",\"c\":\"books\",\"d\":\"ch1\",\"data\":{\"v\":0,\"type\":null}}");
        }

        @Test
        void deletedDocumentKeepsItsVersion() {
            assertThat(MessageEncoder.fetchReply("books", "ch1", DocSnapshot.missing(7)))
                    .isEqualTo("{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"data\":{\"v\":7,\"type\":null}}");
        }

        @Test
        void emptyDocumentStillHasData() {
            assertThat(MessageEncoder.fetchReply("books", "ch1", new DocSnapshot(1, Delta.EMPTY))).isEqualTo(
                    "{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"data\":{\"v\":1,\"data\":{\"ops\":[]},\"type\":\"" + RICH_TEXT + "\"}}");
        }

        @Test
        void repliesAfterOpsCarryNoData() {
            assertThat(MessageEncoder.fetchReply("books", "ch1")).isEqualTo("{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\"}");
            assertThat(MessageEncoder.subscribeReply("books", "ch1")).isEqualTo("{\"a\":\"s\",\"c\":\"books\",\"d\":\"ch1\"}");
            assertThat(MessageEncoder.unsubscribeReply("books", "ch1")).isEqualTo("{\"a\":\"u\",\"c\":\"books\",\"d\":\"ch1\"}");
        }
    }

    @Nested
    class Bulk {
        @Test
        void snapshotsAndPerDocumentErrors() {
            Map<String, BulkEntry> results = new LinkedHashMap<>();
            results.put("ch1", new DocSnapshot(3, HELLO));
            results.put("ch2", DocSnapshot.missing(0));
            results.put("ch3", new BulkEntry.Failed(ErrorCode.ERR_ACCESS_DENIED, "no access to books/ch3"));
            assertThat(MessageEncoder.bulkSubscribeReply("books", results)).isEqualTo("{\"a\":\"bs\",\"c\":\"books\",\"data\":{"
                    + "\"ch1\":{\"v\":3,\"data\":" + HELLO_JSON + ",\"type\":\"" + RICH_TEXT + "\"},"
                    + "\"ch2\":{\"v\":0,\"type\":null},"
                    + "\"ch3\":{\"error\":{\"code\":\"ERR_ACCESS_DENIED\",\"message\":\"no access to books/ch3\"}}}}");
        }

        @Test
        void bulkFetchSnapshots() {
            assertThat(MessageEncoder.bulkFetchReply("books", Map.of("ch1", DocSnapshot.missing(0))))
                    .isEqualTo("{\"a\":\"bf\",\"c\":\"books\",\"data\":{\"ch1\":{\"v\":0,\"type\":null}}}");
        }

        @Test
        void versionFormEchoesB() {
            Map<String, Long> versions = new LinkedHashMap<>();
            versions.put("ch1", 3L);
            versions.put("ch2", 0L);
            assertThat(MessageEncoder.bulkFetchReply("books", new BulkDocs.VersionMap(versions)))
                    .isEqualTo("{\"a\":\"bf\",\"c\":\"books\",\"b\":{\"ch1\":3,\"ch2\":0}}");
            assertThat(MessageEncoder.bulkSubscribeReply("books", new BulkDocs.VersionMap(versions)))
                    .isEqualTo("{\"a\":\"bs\",\"c\":\"books\",\"b\":{\"ch1\":3,\"ch2\":0}}");
        }

        @Test
        void unsubscribeEchoesIds() {
            assertThat(MessageEncoder.bulkUnsubscribeReply("books", new BulkDocs.IdList(List.of("ch1", "ch2"))))
                    .isEqualTo("{\"a\":\"bu\",\"c\":\"books\",\"b\":[\"ch1\",\"ch2\"]}");
        }
    }

    @Nested
    class Ops {
        @Test
        void edit() {
            Delta change = Delta.builder().retain(5).insert("!", AttributeMap.of("italic", true)).delete(2).build();
            assertThat(MessageEncoder.op("books", "ch1", 3, "c1", 7, new DocOp.Edit(change))).isEqualTo(
                    "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":3,\"src\":\"c1\",\"seq\":7,"
                            + "\"op\":{\"ops\":[{\"retain\":5},{\"insert\":\"!\",\"attributes\":{\"italic\":true}},{\"delete\":2}]}}");
        }

        @Test
        void createAlwaysNamesTheTypeByUri() {
            assertThat(MessageEncoder.op("books", "ch1", 0, "c1", 1, new DocOp.Create(HELLO))).isEqualTo(
                    "{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":0,\"src\":\"c1\",\"seq\":1,"
                            + "\"create\":{\"type\":\"" + RICH_TEXT + "\",\"data\":" + HELLO_JSON + "}}");
        }

        @Test
        void delete() {
            assertThat(MessageEncoder.op("books", "ch1", 9, "c1", 8, DocOp.Delete.INSTANCE))
                    .isEqualTo("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":9,\"src\":\"c1\",\"seq\":8,\"del\":true}");
        }

        @Test
        void storedOpsEncodeAsTheirParts() {
            DocKey key = new DocKey("books", "ch1");
            Delta change = Delta.builder().retain(2).insert("x").build();
            assertThat(MessageEncoder.op(new StoredOp(key, 4, "c9", 12, StoredOp.Kind.EDIT, change, "alice", 1L)))
                    .isEqualTo(MessageEncoder.op("books", "ch1", 4, "c9", 12, new DocOp.Edit(change)));
            assertThat(MessageEncoder.op(new StoredOp(key, 0, "c9", 1, StoredOp.Kind.CREATE, HELLO, "alice", 1L)))
                    .isEqualTo(MessageEncoder.op("books", "ch1", 0, "c9", 1, new DocOp.Create(HELLO)));
            assertThat(MessageEncoder.op(new StoredOp(key, 5, "c9", 13, StoredOp.Kind.DELETE, null, "alice", 1L)))
                    .isEqualTo(MessageEncoder.op("books", "ch1", 5, "c9", 13, DocOp.Delete.INSTANCE));
        }

        @Test
        void ackHasNoOp() {
            assertThat(MessageEncoder.ack("books", "ch1", "c1", 7, 3))
                    .isEqualTo("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"src\":\"c1\",\"seq\":7,\"v\":3}");
        }

        @Test
        void opsAndAcksPutTogetherDirectlyAreWhatTheGeneratorWrites() {
            List<String> names = List.of("books", "ch-1", "", "a b", "q\"uote", "back\\slash", "tab\t", "\u007f",
                    "ünï", "😀", "\ud800", "/slash", "~");
            java.util.Random random = new java.util.Random(3);
            int direct = 0;
            for (int i = 0; i < 5_000; i++) {
                String c = names.get(random.nextInt(names.size()));
                String d = names.get(random.nextInt(names.size()));
                String src = names.get(random.nextInt(names.size()));
                long seq = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(1000);
                long v = random.nextInt(3) == 0 ? Long.MAX_VALUE - random.nextInt(9) : random.nextInt(100_000);
                Delta change = Delta.builder().retain(1 + random.nextInt(50))
                        .insert(names.get(random.nextInt(names.size())) + "x",
                                random.nextBoolean() ? AttributeMap.EMPTY : AttributeMap.of("link", names.get(random.nextInt(names.size()))))
                        .delete(1 + random.nextInt(3)).build();

                String op = MessageEncoder.op(c, d, v, src, seq, new DocOp.Edit(change));
                String ack = MessageEncoder.ack(c, d, src, seq, v);

                assertThat(op).isEqualTo(MessageEncoder.opByGenerator(c, d, v, src, seq, new DocOp.Edit(change)));
                assertThat(ack).isEqualTo(MessageEncoder.ackByGenerator(c, d, src, seq, v));
                if ((c + d + src).chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\')) {
                    direct++;
                }
            }
            assertThat(direct).as("frames eligible for the direct path").isGreaterThan(300);
        }

        @Test
        void theSameTextServesEverySubscriber() {
            String frame = MessageEncoder.op("books", "ch1", 3, "c1", 7, new DocOp.Edit(HELLO));
            assertThat(DeltaJson.read(parse(frame).get("op"))).isEqualTo(HELLO);
        }
    }

    @Nested
    class Snapshots {
        @Test
        void atVersionAlwaysWritesTypeAndMatchesById() {
            assertThat(MessageEncoder.snapshotFetchReply(1, new DocSnapshot(5, HELLO))).isEqualTo(
                    "{\"a\":\"nf\",\"id\":1,\"v\":5,\"type\":\"" + RICH_TEXT + "\",\"data\":" + HELLO_JSON + "}");
            assertThat(MessageEncoder.snapshotFetchReply(3, DocSnapshot.missing(0)))
                    .isEqualTo("{\"a\":\"nf\",\"id\":3,\"v\":0,\"type\":null}");
        }

        @Test
        void atTime() {
            assertThat(MessageEncoder.snapshotFetchAtTimeReply(2, DocSnapshot.missing(4)))
                    .isEqualTo("{\"a\":\"nt\",\"id\":2,\"v\":4,\"type\":null}");
        }
    }

    @Nested
    class Presence {
        @Test
        void docPresence() {
            JsonNode range = new TextRange(4, 0).writeInto(null);
            assertThat(MessageEncoder.presence("books.ch1", "c1", "p1", range, 3, "books", "ch1", 12L, RICH_TEXT))
                    .isEqualTo("{\"a\":\"p\",\"ch\":\"books.ch1\",\"src\":\"c1\",\"id\":\"p1\",\"p\":{\"index\":4,\"length\":0},"
                            + "\"pv\":3,\"c\":\"books\",\"d\":\"ch1\",\"v\":12,\"t\":\"" + RICH_TEXT + "\"}");
        }

        @Test
        void leavingIsNull() {
            assertThat(MessageEncoder.presence("books.ch1", "c1", "p1", null, 4, "books", "ch1", 12L, RICH_TEXT))
                    .isEqualTo("{\"a\":\"p\",\"ch\":\"books.ch1\",\"src\":\"c1\",\"id\":\"p1\",\"p\":null,"
                            + "\"pv\":4,\"c\":\"books\",\"d\":\"ch1\",\"v\":12,\"t\":\"" + RICH_TEXT + "\"}");
        }

        @Test
        void channelPresenceHasNoDocumentFields() {
            PresenceUpdate update = new PresenceUpdate("lobby", "p2", parse("{\"any\":\"thing\"}"), 0, null, null, null, null);
            assertThat(MessageEncoder.presence(update, "c2"))
                    .isEqualTo("{\"a\":\"p\",\"ch\":\"lobby\",\"src\":\"c2\",\"id\":\"p2\",\"p\":{\"any\":\"thing\"},\"pv\":0}");
        }

        @Test
        void transformedRangeKeepsOtherFields() {
            JsonNode original = parse("{\"index\":1,\"length\":2,\"color\":\"red\"}");
            assertThat(new TextRange(5, 0).writeInto(original).toString())
                    .isEqualTo("{\"index\":5,\"length\":0,\"color\":\"red\"}");
            assertThat(original.get("index").intValue()).isEqualTo(1);
        }

        @Test
        void subscriptionRepliesAndRequests() {
            assertThat(MessageEncoder.presenceSubscribeReply("books.ch1", 1)).isEqualTo("{\"a\":\"ps\",\"ch\":\"books.ch1\",\"seq\":1}");
            assertThat(MessageEncoder.presenceUnsubscribeReply("books.ch1", 2)).isEqualTo("{\"a\":\"pu\",\"ch\":\"books.ch1\",\"seq\":2}");
            assertThat(MessageEncoder.presenceRequest("books.ch1")).isEqualTo("{\"a\":\"pr\",\"ch\":\"books.ch1\"}");
        }
    }

    @Nested
    class Errors {
        @Test
        void replyEchoesTheDecodedRequest() {
            ClientMessage submit = new ClientMessage.Submit("books", "ch1", 3L, 7, null, new DocOp.Edit(Delta.builder().retain(40).build()
                    .compose(Delta.builder().retain(40).insert("x").build())));
            assertThat(MessageEncoder.errorReply(submit, ErrorCode.ERR_OT_OP_NOT_APPLIED, "retain 40 exceeds document length 12"))
                    .isEqualTo("{\"a\":\"op\",\"c\":\"books\",\"d\":\"ch1\",\"v\":3,\"seq\":7,"
                            + "\"op\":{\"ops\":[{\"retain\":40},{\"insert\":\"x\"}]},"
                            + "\"error\":{\"code\":\"ERR_OT_OP_NOT_APPLIED\",\"message\":\"retain 40 exceeds document length 12\"}}");
        }

        @Test
        void replyToARequestThatDidNotDecodeEchoesItVerbatim() {
            ProtocolException e = catchThrowableOfType(ProtocolException.class,
                    () -> new MessageDecoder().decode("{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"v\":-1,\"error\":\"old\"}"));
            assertThat(MessageEncoder.errorReply(e)).contains("{\"a\":\"f\",\"c\":\"books\",\"d\":\"ch1\",\"v\":-1,"
                    + "\"error\":{\"code\":\"ERR_MESSAGE_BADLY_FORMED\",\"message\":\"expected v to be a non-negative integer, got -1\"}}");
        }

        @Test
        void noReplyWhenThereIsNothingToEcho() {
            ProtocolException e = catchThrowableOfType(ProtocolException.class,
                    () -> new MessageDecoder().decode("[]"));
            assertThat(MessageEncoder.errorReply(e)).isEmpty();
        }

        @Test
        void messagesAreEscaped() {
            assertThat(MessageEncoder.errorReply(new ClientMessage.Ping(), ErrorCode.ERR_RATE_LIMITED, "a \"quoted\"\nline"))
                    .isEqualTo("{\"a\":\"pp\",\"error\":{\"code\":\"ERR_RATE_LIMITED\",\"message\":\"a \\\"quoted\\\"\\nline\"}}");
        }
    }

    @Nested
    class LoneSurrogates {
        @Test
        void loneHighSurrogateInAnInsertIsEscapedAsJsonStringifyDoes() {
            // JSON.stringify({insert: '\ud83d'}) === '{"insert":"\\ud83d"}'
            String frame = MessageEncoder.op("books", "ch1", 0, "c1", 1, new DocOp.Edit(Delta.ofText("a\ud83d")));
            assertThat(frame).contains("\"insert\":\"a\\ud83d\"");
            assertThat(frame.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
        }

        @Test
        void loneLowSurrogateAndReversedPairAreEscaped() {
            String frame = MessageEncoder.op("books", "ch1", 0, "c1", 1, new DocOp.Edit(Delta.ofText("\ude00x\ude00\ud83d")));
            assertThat(frame).contains("\"insert\":\"\\ude00x\\ude00\\ud83d\"");
        }

        @Test
        void pairedSurrogatesStayRawAsJsonStringifyWritesThem() {
            String frame = MessageEncoder.op("books", "ch1", 0, "c1", 1, new DocOp.Edit(Delta.ofText("\ud83d\ude00!")));
            assertThat(frame).contains("\"insert\":\"\ud83d\ude00!\"");
        }

        @Test
        void escapedTextParsesBackToTheSameChars() {
            String text = "x\ud83d\ude00\ud800y\udfff";
            String frame = MessageEncoder.op("books", "ch1", 0, "c1", 1, new DocOp.Edit(Delta.ofText(text)));
            assertThat(DeltaJson.read(parse(frame).get("op"))).isEqualTo(Delta.ofText(text));
        }

        @Test
        void escapesInKeysAndEchoesToo() {
            // Jackson, unlike JSON.parse, refuses a lone surrogate escape in a field name, so build the request.
            JsonNode request = JsonFrames.MAPPER.createObjectNode().put("a", "zz").put("k\ud800", "v\udc00");
            assertThat(MessageEncoder.errorReply(request, ErrorCode.ERR_MESSAGE_BADLY_FORMED, "m\ud800"))
                    .isEqualTo("{\"a\":\"zz\",\"k\\ud800\":\"v\\udc00\","
                            + "\"error\":{\"code\":\"ERR_MESSAGE_BADLY_FORMED\",\"message\":\"m\\ud800\"}}");
        }

        @Test
        void bytesSentAreValidUtf8() {
            String frame = MessageEncoder.presence("books.ch1", "c\ud800", "p1", null, 0, "books", "ch1", 1L, RICH_TEXT);
            byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
            assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(frame);
        }
    }

    @Test
    void largeMessagesAreWrittenWholeAndTheBufferIsReusable() {
        String big = "x".repeat(200_000);
        String frame = MessageEncoder.op("books", "ch1", 0, "c1", 1, new DocOp.Edit(Delta.ofText(big)));
        assertThat(DeltaJson.read(parse(frame).get("op"))).isEqualTo(Delta.ofText(big));
        assertThat(MessageEncoder.ack("b", "d", "s", 1, 2)).isEqualTo("{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"src\":\"s\",\"seq\":1,\"v\":2}");
    }

    private static JsonNode parse(String json) {
        try {
            return JsonFrames.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

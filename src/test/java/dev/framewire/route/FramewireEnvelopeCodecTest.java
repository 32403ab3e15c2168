package dev.framewire.route;

import dev.framewire.api.ClientCertificate;
import dev.framewire.api.Envelope;
import static org.assertj.core.api.Assertions.assertThat;

import dev.framewire.route.FramewireEnvelope.FrameBatch;
import dev.framewire.route.FramewireEnvelope.FrameItem;
import dev.framewire.route.FramewireEnvelope.ReplyBatch;
import dev.framewire.route.FramewireEnvelope.ReplyItem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framewire's envelope across nodes (batches to a handler node): what is written is what is read back. */
class FramewireEnvelopeCodecTest {
  /** The compact form, to the handlers of a chosen node. */
  private final FramewireEnvelope.FrameCodec frames =
      new FramewireEnvelope.FrameCodec(FramewireEnvelope.NODE_FRAME_CODEC, true);
  /** The form every version reads, to {@code <address>#frames}. */
  private final FramewireEnvelope.FrameCodec wholeFrames =
      new FramewireEnvelope.FrameCodec(FramewireEnvelope.FRAME_CODEC, false);
  private final FramewireEnvelope.ReplyCodec replies = new FramewireEnvelope.ReplyCodec();

  private static FrameItem frame(Object body, long seq, boolean truncated) {
    return new FrameItem(body, "lines", "tcp", "[::1]:53422", "127.0.0.1:7002", "ab12cd34.lines.0.17",
        "framewire.conn.ab12cd34.lines.0", seq, truncated);
  }

  /** Written after a prefix, as the event bus does, and read back from that position. */
  private static Object roundTrip(FramewireEnvelope.WireCodec codec, Object value) {
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, value);
    return codec.decodeFromWire(6, wire);
  }

  @Test
  void everyBodyTypeAndFieldOfAFrameCrosses() {
    for (Object body : new Object[] {Buffer.buffer(new byte[] {0, (byte) 0xff, 10}), "héllo ☃",
        new JsonObject().put("a", 1).put("b", new JsonArray().add("x")), new JsonArray().add(1).add("2"), null}) {
      FrameItem frame = frame(body, 41, true);
      assertThat(roundTrip(frames, frame)).isEqualTo(frame);
    }
    FrameItem noSeq = new FrameItem("x", "u", "udp", "10.0.0.1:5", "0.0.0.0:12345", "id", "addr", -1, false);
    assertThat(roundTrip(frames, noSeq)).isEqualTo(noSeq);
  }

  @Test
  void aBatchKeepsItsFramesInOrder() {
    FrameBatch batch = new FrameBatch(List.of(frame("one", 0, false), frame(Buffer.buffer("two"), 1, false),
        frame(new JsonObject().put("three", 3), 2, true)));
    assertThat(roundTrip(frames, batch)).isEqualTo(batch);
    assertThat(roundTrip(frames, new FrameBatch(List.of()))).isEqualTo(new FrameBatch(List.of()));
  }

  @Test
  void fieldsEqualToThePreviousFramesAreWrittenOnceAndReadBackEqual() {
    FrameItem other = new FrameItem("x", "lines", "tcp", "[::1]:60000", "127.0.0.1:7002", "ab12cd34.lines.0.18",
        "framewire.conn.ab12cd34.lines.0", 0, false);
    FrameItem nulls = new FrameItem("y", "lines", "tcp", null, null, "ab12cd34.lines.0.18", null, 1, false);
    FrameBatch batch = new FrameBatch(List.of(frame("one", 0, false), frame("two", 1, false), other, other,
        nulls, frame("three", 2, false)));
    assertThat(roundTrip(frames, batch)).isEqualTo(batch);
    Buffer one = Buffer.buffer();
    frames.encodeToWire(one, new FrameBatch(List.of(frame("a", 0, false))));
    Buffer two = Buffer.buffer();
    frames.encodeToWire(two, new FrameBatch(List.of(frame("a", 0, false), frame("b", 1, false))));
    // the second frame of a connection's read: its six strings as six marks, then seq, flag and body
    assertThat(two.length() - one.length()).isEqualTo(6 * 4 + 8 + 1 + 1 + 4 + 1);
    ReplyBatch replyBatch = new ReplyBatch(List.of(new ReplyItem("c1", 1, "a", null), new ReplyItem("c1", 2, "b", null),
        new ReplyItem("c2", 1, "c", null), new ReplyItem(null, 3, "d", null)));
    assertThat(roundTrip(replies, replyBatch)).isEqualTo(replyBatch);
  }

  @Test
  void aClientCertificateCrossesOncePerConnectionInABatch() {
    ClientCertificate sensor = new ClientCertificate("CN=sensor-17,O=Acme", "CN=Acme CA",
        "DNS:sensor-17.acme.test, IP:127.0.0.2", "1003", "9c".repeat(32));
    ClientCertificate other = new ClientCertificate("CN=other", "CN=Acme CA", "", "1004", "ab".repeat(32));
    FrameItem a = withClient(frame("a", 0, false), sensor);
    FrameItem b = withClient(frame("b", 1, true), sensor);
    FrameItem c = withClient(frame("c", 2, false), other);
    FrameItem none = frame("d", 3, false);
    assertThat(roundTrip(frames, a)).isEqualTo(a);
    FrameBatch batch = new FrameBatch(List.of(a, b, none, c, c));
    assertThat(roundTrip(frames, batch)).isEqualTo(batch);

    Buffer one = Buffer.buffer();
    frames.encodeToWire(one, new FrameBatch(List.of(a)));
    Buffer two = Buffer.buffer();
    frames.encodeToWire(two, new FrameBatch(List.of(a, b)));
    // the second frame of the same connection: its six strings and the certificate's five as marks
    assertThat(two.length() - one.length()).isEqualTo(6 * 4 + 8 + 1 + 5 * 4 + 1 + 4 + 1);
  }

  private static FrameItem withClient(FrameItem f, ClientCertificate client) {
    return new FrameItem(f.body(), f.listener(), f.protocol(), f.remote(), f.local(), f.connectionId(),
        f.connectionAddress(), f.seq(), f.truncated(), client);
  }

  /**
   * What nodes of earlier versions read, when a cluster is upgraded one node at a time: frames to
   * {@code <address>#frames} and every reply batch write each item whole (those versions take a
   * negative string length for null), and frames carry no flag but {@code truncated}.
   */
  @Test
  void framesToTheSharedBatchAddressAndRepliesUseTheFormEveryVersionReads() {
    ClientCertificate sensor = new ClientCertificate("CN=sensor-17", "CN=Acme CA", "", "1003", "9c".repeat(32));
    FrameItem a = withClient(frame("a", 0, false), sensor);
    FrameItem b = withClient(frame("b", 1, false), sensor);
    Buffer one = Buffer.buffer();
    wholeFrames.encodeToWire(one, new FrameBatch(List.of(frame("a", 0, false))));
    Buffer two = Buffer.buffer();
    wholeFrames.encodeToWire(two, new FrameBatch(List.of(a, b)));
    Buffer single = Buffer.buffer();
    wholeFrames.encodeToWire(single, frame("b", 1, false));
    // the second frame as if alone (less the one-item mark), and no certificate for either
    assertThat(two.length() - one.length()).isEqualTo(single.length() - 1);
    assertThat(roundTrip(wholeFrames, new FrameBatch(List.of(a, b))))
        .isEqualTo(new FrameBatch(List.of(frame("a", 0, false), frame("b", 1, false))));
    // and the compact form, which only this version's node addresses receive, reads either
    assertThat(frames.decodeFromWire(0, two)).isEqualTo(new FrameBatch(List.of(frame("a", 0, false),
        frame("b", 1, false))));

    ReplyItem first = new ReplyItem("ab12cd34.lines.0.17", 1, "x", null);
    ReplyItem second = new ReplyItem("ab12cd34.lines.0.17", 2, "y", null);
    Buffer replyOne = Buffer.buffer();
    replies.encodeToWire(replyOne, new ReplyBatch(List.of(first)));
    Buffer replyTwo = Buffer.buffer();
    replies.encodeToWire(replyTwo, new ReplyBatch(List.of(first, second)));
    Buffer replySingle = Buffer.buffer();
    replies.encodeToWire(replySingle, second);
    assertThat(replyTwo.length() - replyOne.length()).isEqualTo(replySingle.length() - 1);
  }

  @Test
  void repliesFailuresAndPushesCross() {
    ReplyItem reply = new ReplyItem("ab12cd34.lines.0.17", 41, "ONE", null);
    ReplyItem failure = new ReplyItem("ab12cd34.lines.0.17", 42, "it broke", Envelope.HANDLER_FAILURE);
    ReplyItem push = new ReplyItem("ab12cd34.lines.0.17", -1, new JsonArray().add(1), null);
    ReplyItem none = new ReplyItem("ab12cd34.lines.0.17", 43, null, null);
    assertThat(roundTrip(replies, reply)).isEqualTo(reply);
    ReplyBatch all = new ReplyBatch(List.of(reply, failure, push, none));
    assertThat(roundTrip(replies, all)).isEqualTo(all);
    // byte[] arrives as the same bytes
    ReplyItem bytes = (ReplyItem) roundTrip(replies, new ReplyItem("c", 1, new byte[] {1, 2, 3}, null));
    assertThat((byte[]) bytes.body()).containsExactly(1, 2, 3);
  }

  @Test
  void aReplyBodyThatCannotCrossArrivesAsTheBadReplyTheListenerWouldHaveMade() {
    ReplyItem odd = new ReplyItem("c", 7, new StringBuilder("not a body type"), null);
    assertThat(roundTrip(replies, odd)).isEqualTo(new ReplyItem("c", 7,
        "a reply of type java.lang.StringBuilder cannot cross nodes", Envelope.BAD_REPLY));
  }

  @Test
  void onOneNodeTheSameObjectIsHandedOver() {
    FrameBatch batch = new FrameBatch(List.of(frame("x", 0, false)));
    assertThat(frames.transform(batch)).isSameAs(batch);
  }
}

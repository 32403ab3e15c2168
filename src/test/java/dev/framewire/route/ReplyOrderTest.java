package dev.framewire.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The per-connection ring that puts replies back in arrival order; no Vert.x needed. */
class ReplyOrderTest {

  private static List<String> drain(ReplyOrder<String> order) {
    List<String> out = new ArrayList<>();
    int n = order.drain(out::add);
    assertThat(n).as("drain's count").isEqualTo(out.size());
    return out;
  }

  /** The ring's length, as toString reports it too. */
  private static int capacity(ReplyOrder<?> order) {
    Matcher m = Pattern.compile("capacity=(\\d+)").matcher(order.toString());
    assertThat(m.find()).as("capacity in %s", order).isTrue();
    assertThat(order.capacity()).as("capacity()").isEqualTo(Integer.parseInt(m.group(1)));
    return order.capacity();
  }

  @Test
  void startsEmpty() {
    ReplyOrder<String> order = new ReplyOrder<>();
    assertThat(order.head()).isZero();
    assertThat(order.nextSequence()).isZero();
    assertThat(order.pending()).isZero();
    assertThat(order.completed()).isZero();
    assertThat(order.isWaiting(0)).isFalse();
    assertThat(drain(order)).isEmpty();
    assertThat(order.completed()).isZero();
    assertThat(order.complete(0, "forged")).isFalse();
    assertThat(capacity(order)).as("no slots before the first frame").isZero();
    order.next(0);
    assertThat(capacity(order)).isEqualTo(16);
  }

  /**
   * An idle connection's ring holds no slots; the first frame makes them, and from then on order is
   * kept as ever: three frames answered in reverse leave oldest first, stamps intact.
   */
  @Test
  void makesItsSlotsOnTheFirstFrameAndKeepsOrder() {
    ReplyOrder<String> order = new ReplyOrder<>(4);
    assertThat(capacity(order)).isZero();
    assertThat(order.next(7)).isZero();
    assertThat(capacity(order)).isEqualTo(4);
    assertThat(order.next(8)).isEqualTo(1);
    assertThat(order.next(9)).isEqualTo(2);
    assertThat(order.stamp(0)).isEqualTo(7);
    assertThat(order.stamp(2)).isEqualTo(9);
    assertThat(order.complete(2, "c")).isTrue();
    assertThat(order.complete(1, "b")).isTrue();
    assertThat(drain(order)).isEmpty();
    assertThat(order.complete(0, "a")).isTrue();
    assertThat(drain(order)).containsExactly("a", "b", "c");
    assertThat(order.pending()).isZero();
    assertThat(capacity(order)).isEqualTo(4);
  }

  @Test
  void inOrderCompletionDrainsEachAtOnce() {
    ReplyOrder<String> order = new ReplyOrder<>();
    for (int i = 0; i < 5; i++) {
      long seq = order.next(100 + i);
      assertThat(seq).isEqualTo(i);
      assertThat(order.stamp(seq)).isEqualTo(100 + i);
      assertThat(order.isWaiting(seq)).isTrue();
      assertThat(order.complete(seq, "r" + i)).isTrue();
      assertThat(order.isWaiting(seq)).isFalse();
      assertThat(order.pending()).isEqualTo(1);
      assertThat(order.completed()).isEqualTo(1);
      assertThat(drain(order)).containsExactly("r" + i);
      assertThat(order.head()).isEqualTo(i + 1);
      assertThat(order.nextSequence()).isEqualTo(i + 1);
      assertThat(order.pending()).isZero();
      assertThat(order.completed()).isZero();
    }
  }

  /** The worked example of the class Javadoc. */
  @Test
  void outOfOrderCompletionWaitsForTheOldest() {
    ReplyOrder<String> order = new ReplyOrder<>();
    for (int i = 0; i < 4; i++) {
      assertThat(order.next(10 * i)).isEqualTo(i);
    }
    assertThat(order.complete(2, "c")).isTrue();
    assertThat(drain(order)).as("0 still pending").isEmpty();
    assertThat(order.head()).isZero();
    assertThat(order.pending()).isEqualTo(4);
    assertThat(order.completed()).isEqualTo(1);

    assertThat(order.complete(0, "a")).isTrue();
    assertThat(order.completed()).isEqualTo(2);
    assertThat(drain(order)).containsExactly("a");
    assertThat(order.head()).isEqualTo(1);
    assertThat(order.pending()).isEqualTo(3);
    assertThat(order.completed()).isEqualTo(1);
    assertThat(order.isWaiting(1)).isTrue();
    assertThat(order.isWaiting(2)).isFalse();
    assertThat(order.isWaiting(3)).isTrue();

    assertThat(order.complete(1, "b")).isTrue();
    assertThat(drain(order)).containsExactly("b", "c");
    assertThat(order.head()).isEqualTo(3);
    assertThat(order.nextSequence()).isEqualTo(4);
    assertThat(order.pending()).isEqualTo(1);
    assertThat(order.completed()).isZero();
    assertThat(order.stamp(3)).isEqualTo(30);

    assertThat(order.complete(3, "d")).isTrue();
    assertThat(drain(order)).containsExactly("d");
    assertThat(order.head()).isEqualTo(4);
    assertThat(order.pending()).isZero();
  }

  @Test
  void reverseCompletionDrainsEverythingOnTheLastOne() {
    ReplyOrder<String> order = new ReplyOrder<>(8);
    for (int i = 0; i < 8; i++) {
      order.next(i);
    }
    for (int i = 7; i > 0; i--) {
      assertThat(order.complete(i, "r" + i)).isTrue();
      assertThat(drain(order)).isEmpty();
      assertThat(order.completed()).isEqualTo(8 - i);
    }
    assertThat(order.complete(0, "r0")).isTrue();
    assertThat(drain(order)).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
    assertThat(order.head()).isEqualTo(8);
    assertThat(order.pending()).isZero();
    assertThat(capacity(order)).as("never more than 8 pending").isEqualTo(8);
  }

  /**
   * Rounds of 1, 2, 3, 4 slots in a ring of 4, completed newest first: the head lands on every index,
   * the ring fills to the brim without growing, and 25,000 sequence numbers wrap it 6,250 times.
   */
  @Test
  void wrapsManyTimesAtFixedCapacity() {
    ReplyOrder<String> order = new ReplyOrder<>(4);
    long seq = 0;
    for (int round = 0; round < 10_000; round++) {
      int k = 1 + round % 4;
      long first = seq;
      for (int j = 0; j < k; j++, seq++) {
        assertThat(order.next(seq * 7)).isEqualTo(seq);
      }
      assertThat(order.pending()).isEqualTo(k);
      for (long s = first; s < seq; s++) {
        assertThat(order.stamp(s)).isEqualTo(s * 7);
        assertThat(order.isWaiting(s)).isTrue();
      }
      for (long s = seq - 1; s > first; s--) {
        assertThat(order.complete(s, "r" + s)).isTrue();
        assertThat(drain(order)).isEmpty();
      }
      assertThat(order.completed()).isEqualTo(k - 1);
      assertThat(order.complete(first, "r" + first)).isTrue();
      List<String> expected = new ArrayList<>();
      for (long s = first; s < seq; s++) {
        expected.add("r" + s);
      }
      assertThat(drain(order)).isEqualTo(expected);
      assertThat(order.head()).isEqualTo(seq);
      assertThat(order.nextSequence()).isEqualTo(seq);
      assertThat(order.pending()).isZero();
      assertThat(order.completed()).isZero();
    }
    assertThat(seq).isEqualTo(25_000);
    assertThat(capacity(order)).as("never more than 4 pending").isEqualTo(4);
  }

  /**
   * Growth while the live slots wrap round the end of the ring: in a ring of 4 with the head at
   * index 3, slots 3..6 sit at indices 3, 0, 1, 2; two of them already hold values. Reserving six
   * more grows the ring twice (4 → 8 → 16), and every value, stamp and the order survive.
   */
  @Test
  void growsWhileWrappedKeepingValuesStampsAndOrder() {
    ReplyOrder<String> order = new ReplyOrder<>(4);
    for (int i = 0; i < 3; i++) {
      order.complete(order.next(i), "early" + i);
    }
    assertThat(drain(order)).containsExactly("early0", "early1", "early2");
    assertThat(order.head()).isEqualTo(3);
    for (long s = 3; s <= 6; s++) {
      assertThat(order.next(1000 + s)).isEqualTo(s);
    }
    assertThat(order.complete(5, "r5")).isTrue();
    assertThat(order.complete(4, "r4")).isTrue();
    assertThat(capacity(order)).as("full, not yet grown").isEqualTo(4);

    for (long s = 7; s <= 12; s++) {
      assertThat(order.next(1000 + s)).isEqualTo(s);
    }
    assertThat(capacity(order)).isEqualTo(16);
    assertThat(order.head()).isEqualTo(3);
    assertThat(order.nextSequence()).isEqualTo(13);
    assertThat(order.pending()).isEqualTo(10);
    assertThat(order.completed()).isEqualTo(2);
    for (long s = 3; s <= 12; s++) {
      assertThat(order.stamp(s)).as("stamp of %d", s).isEqualTo(1000 + s);
      assertThat(order.isWaiting(s)).as("waiting %d", s).isEqualTo(s != 4 && s != 5);
    }
    assertThat(order.complete(4, "again")).as("still completed after growth").isFalse();
    assertThat(drain(order)).isEmpty();

    for (long s = 12; s >= 6; s--) {
      assertThat(order.complete(s, "r" + s)).isTrue();
    }
    assertThat(drain(order)).as("3 still pending").isEmpty();
    assertThat(order.complete(3, "r3")).isTrue();
    assertThat(drain(order)).containsExactly("r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12");
    assertThat(order.head()).isEqualTo(13);
    assertThat(order.pending()).isZero();
  }

  /** Whatever capacity is asked for (rounded up to a power of two, at least 4), 100 slots fit. */
  @Test
  void growsFromEveryInitialCapacity() {
    for (int initial = -1; initial <= 33; initial++) {
      ReplyOrder<String> order = new ReplyOrder<>(initial);
      order.complete(order.next(-1), "skip");
      assertThat(drain(order)).containsExactly("skip");
      List<String> expected = new ArrayList<>();
      for (long s = 1; s <= 100; s++) {
        assertThat(order.next(s * 3)).isEqualTo(s);
        expected.add("r" + s);
      }
      for (long s = 1; s <= 100; s++) {
        assertThat(order.stamp(s)).as("initial %d, stamp of %d", initial, s).isEqualTo(s * 3);
      }
      for (long s = 100; s >= 1; s--) {
        assertThat(order.complete(s, "r" + s)).isTrue();
      }
      assertThat(order.completed()).isEqualTo(100);
      assertThat(drain(order)).as("initial %d", initial).isEqualTo(expected);
      assertThat(capacity(order)).as("initial %d", initial).isEqualTo(128);
    }
  }

  @Test
  void initialCapacityIsTheNextPowerOfTwoOfAtLeastFour() {
    int[][] asked = {{-1, 4}, {0, 4}, {1, 4}, {2, 4}, {3, 4}, {4, 4}, {5, 8}, {8, 8}, {9, 16}, {16, 16}, {17, 32}};
    for (int[] a : asked) {
      ReplyOrder<String> order = new ReplyOrder<>(a[0]);
      order.next(0);
      assertThat(capacity(order)).as("ReplyOrder(%d)", a[0]).isEqualTo(a[1]);
    }
  }

  /**
   * A late or forged reply changes nothing. In a ring of 4 with slots 4 and 5 pending, sequence
   * numbers 0 (drained) and 8 (never handed out) share index 0 with slot 4: only the range check
   * tells them apart.
   */
  @Test
  void completeRefusesWhatIsNotPending() {
    ReplyOrder<String> order = new ReplyOrder<>(4);
    for (int i = 0; i < 4; i++) {
      order.complete(order.next(i), "r" + i);
    }
    assertThat(drain(order)).containsExactly("r0", "r1", "r2", "r3");
    order.next(40);
    order.next(50);

    assertThat(order.complete(0, "drained")).isFalse();
    assertThat(order.complete(3, "drained")).isFalse();
    assertThat(order.complete(-1, "negative")).isFalse();
    assertThat(order.complete(Long.MIN_VALUE, "negative")).isFalse();
    assertThat(order.complete(6, "not yet")).isFalse();
    assertThat(order.complete(8, "not yet")).isFalse();
    assertThat(order.complete(Long.MAX_VALUE, "not yet")).isFalse();
    assertThat(order.isWaiting(4)).isTrue();
    assertThat(order.isWaiting(5)).isTrue();
    assertThat(order.completed()).isZero();
    assertThat(drain(order)).isEmpty();

    assertThatThrownBy(() -> order.complete(4, null))
        .isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> order.complete(99, null))
        .isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThat(order.isWaiting(4)).isTrue();
    assertThat(order.completed()).isZero();

    assertThat(order.complete(5, "first")).isTrue();
    assertThat(order.complete(5, "second")).isFalse();
    assertThat(order.completed()).isEqualTo(1);
    assertThat(order.complete(4, "r4")).isTrue();
    assertThat(drain(order)).containsExactly("r4", "first");
    assertThat(order.complete(4, "again")).as("drained").isFalse();
    assertThat(order.complete(5, "again")).as("drained").isFalse();
    assertThat(order.pending()).isZero();
    assertThat(order.head()).isEqualTo(6);
    assertThat(order.nextSequence()).isEqualTo(6);
  }

  @Test
  void isWaitingOnlyForHandedOutUncompletedSlots() {
    ReplyOrder<String> order = new ReplyOrder<>(4);
    order.complete(order.next(0), "r0");
    drain(order);
    order.next(1);
    order.next(2);
    order.complete(2, "r2");
    assertThat(order.isWaiting(-1)).isFalse();
    assertThat(order.isWaiting(0)).as("drained").isFalse();
    assertThat(order.isWaiting(1)).isTrue();
    assertThat(order.isWaiting(2)).as("completed").isFalse();
    assertThat(order.isWaiting(3)).as("not handed out").isFalse();
    assertThat(order.isWaiting(5)).as("not handed out, shares slot 1's index").isFalse();
  }

  /**
   * 40,000 random operations against a reference model (a TreeMap of completed slots and the two
   * counters), in alternating phases that pile up to a few hundred pending slots and drain back
   * down, from a ring of 4: growth, wrap-around and refusals in every combination.
   */
  @Test
  void matchesAReferenceModel() {
    Random random = new Random(0x5EED_F8A3EL);
    ReplyOrder<String> order = new ReplyOrder<>(2);
    long head = 0;
    long tail = 0;
    TreeMap<Long, String> done = new TreeMap<>();
    Map<Long, Long> stamps = new HashMap<>();
    int maxPending = 0;
    int refused = 0;
    int drainedTotal = 0;

    for (int op = 0; op < 40_000; op++) {
      boolean piling = (op / 2_000) % 2 == 0;
      int dice = random.nextInt(100);
      if (dice < (piling ? 55 : 20)) {
        long stamp = random.nextLong();
        assertThat(order.next(stamp)).isEqualTo(tail);
        stamps.put(tail, stamp);
        tail++;
      } else if (dice < 90) {
        long seq = random.nextInt(5) == 0 || head == tail
            ? head - 8 + random.nextInt((int) (tail - head) + 16)
            : head + random.nextInt((int) (tail - head));
        String value = "v" + op;
        boolean expected = seq >= head && seq < tail && !done.containsKey(seq);
        assertThat(order.complete(seq, value)).as("op %d: complete(%d) in [%d, %d)", op, seq, head, tail)
            .isEqualTo(expected);
        if (expected) {
          done.put(seq, value);
        } else {
          refused++;
        }
      } else {
        List<String> expected = new ArrayList<>();
        while (done.containsKey(head)) {
          expected.add(done.remove(head));
          stamps.remove(head);
          head++;
        }
        assertThat(drain(order)).as("op %d: drain", op).isEqualTo(expected);
        drainedTotal += expected.size();
      }

      maxPending = Math.max(maxPending, (int) (tail - head));
      assertThat(order.head()).as("op %d", op).isEqualTo(head);
      assertThat(order.nextSequence()).as("op %d", op).isEqualTo(tail);
      assertThat(order.pending()).as("op %d", op).isEqualTo(tail - head);
      assertThat(order.completed()).as("op %d", op).isEqualTo(done.size());
      long probe = head - 2 + random.nextInt((int) (tail - head) + 4);
      assertThat(order.isWaiting(probe)).as("op %d: isWaiting(%d)", op, probe)
          .isEqualTo(probe >= head && probe < tail && !done.containsKey(probe));
      if (tail > head) {
        long seq = head + random.nextInt((int) (tail - head));
        assertThat(order.stamp(seq)).as("op %d: stamp(%d)", op, seq).isEqualTo(stamps.get(seq));
      }
    }

    List<String> rest = new ArrayList<>();
    for (long s = head; s < tail; s++) {
      String value = done.computeIfAbsent(s, k -> "last" + k);
      order.complete(s, value);
      rest.add(value);
    }
    assertThat(drain(order)).isEqualTo(rest);
    assertThat(order.pending()).isZero();
    assertThat(order.head()).isEqualTo(tail);
    // the model run really exercised growth, refusals and draining
    assertThat(maxPending).isGreaterThan(256);
    assertThat(refused).isGreaterThan(1_000);
    assertThat(drainedTotal + rest.size()).isEqualTo((int) tail);
  }

  @Test
  void releaseDropsTheSlotsAndKeepsTheSequence() {
    ReplyOrder<String> order = new ReplyOrder<>(4);
    for (int i = 0; i < 6; i++) {
      order.next(i);  // grows past its initial capacity
    }
    assertThat(capacity(order)).isEqualTo(8);
    assertThatThrownBy(order::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("6 slots pending");
    for (int i = 5; i >= 0; i--) {
      assertThat(order.complete(i, "r" + i)).isTrue();
    }
    assertThat(drain(order)).containsExactly("r0", "r1", "r2", "r3", "r4", "r5");

    order.release();
    assertThat(capacity(order)).isZero();
    assertThat(order.pending()).isZero();
    assertThat(order.completed()).isZero();
    assertThat(order.head()).isEqualTo(6);
    assertThat(order.nextSequence()).isEqualTo(6);
    assertThat(order.isWaiting(5)).isFalse();
    assertThat(order.complete(5, "late")).as("a late reply is still refused").isFalse();
    assertThat(order.complete(6, "forged")).as("nor one never handed out").isFalse();
    assertThat(drain(order)).isEmpty();

    assertThat(order.next(100)).as("the sequence goes on").isEqualTo(6);
    assertThat(order.next(101)).isEqualTo(7);
    assertThat(capacity(order)).as("made again at its initial capacity").isEqualTo(4);
    assertThat(order.stamp(6)).isEqualTo(100);
    assertThat(order.complete(7, "b")).isTrue();
    assertThat(drain(order)).isEmpty();
    assertThat(order.complete(6, "a")).isTrue();
    assertThat(drain(order)).containsExactly("a", "b");
  }
}

package dev.framewire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long MS = 1_000_000;

  @Test
  void aFullBucketPassesABurstOfItsRateThenOneAnInterval() {
    TokenBucket bucket = new TokenBucket(4, 0);
    for (int i = 0; i < 4; i++) {
      assertThat(bucket.tryTake(0)).as("token %d", i).isTrue();
    }
    assertThat(bucket.tryTake(0)).isFalse();
    assertThat(bucket.tryTake(249 * MS)).isFalse();
    assertThat(bucket.tryTake(250 * MS)).isTrue();
    assertThat(bucket.tryTake(250 * MS)).isFalse();
    assertThat(bucket.isFull(250 * MS)).isFalse();
    assertThat(bucket.isFull(1250 * MS)).isTrue();
    for (int i = 0; i < 4; i++) {
      assertThat(bucket.tryTake(1250 * MS)).isTrue();
    }
    assertThat(bucket.tryTake(1250 * MS)).isFalse();
  }

  @Test
  void takeRunsIntoDebtAndSaysHowLongUntilTheNextToken() {
    TokenBucket bucket = new TokenBucket(4, 0);
    for (int i = 0; i < 3; i++) {
      bucket.take(0);
      assertThat(bucket.nanosUntilToken(0)).isZero();
    }
    bucket.take(0);
    assertThat(bucket.nanosUntilToken(0)).isEqualTo(250 * MS);
    // frames read in the same chunk after the bucket ran dry: debt, paid back in time
    bucket.take(0);
    bucket.take(0);
    assertThat(bucket.nanosUntilToken(0)).isEqualTo(750 * MS);
    assertThat(bucket.nanosUntilToken(700 * MS)).isEqualTo(50 * MS);
    assertThat(bucket.nanosUntilToken(750 * MS)).isZero();
    assertThat(bucket.tryTake(750 * MS)).isTrue();
    assertThat(bucket.tryTake(750 * MS)).isFalse();
  }

  @Test
  void rateOneIsOneAtATime() {
    TokenBucket bucket = new TokenBucket(1, 5 * MS);
    assertThat(bucket.tryTake(5 * MS)).isTrue();
    assertThat(bucket.tryTake(5 * MS + 999 * MS)).isFalse();
    assertThat(bucket.tryTake(5 * MS + 1000 * MS)).isTrue();
  }
}

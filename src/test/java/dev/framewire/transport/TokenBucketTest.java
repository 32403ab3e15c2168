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
  void nanosUntilTokenSaysWhenTheNextTokenIsBack() {
    TokenBucket bucket = new TokenBucket(4, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.tryTake(0)).isTrue();
      assertThat(bucket.nanosUntilToken(0)).isZero();
    }
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.nanosUntilToken(0)).isEqualTo(250 * MS);
    assertThat(bucket.nanosUntilToken(200 * MS)).isEqualTo(50 * MS);
    assertThat(bucket.tryTake(200 * MS)).as("a refusal takes nothing").isFalse();
    assertThat(bucket.nanosUntilToken(200 * MS)).isEqualTo(50 * MS);
    assertThat(bucket.nanosUntilToken(250 * MS)).isZero();
    assertThat(bucket.tryTake(250 * MS)).isTrue();
    assertThat(bucket.tryTake(250 * MS)).isFalse();
  }

  @Test
  void rateOneIsOneAtATime() {
    TokenBucket bucket = new TokenBucket(1, 5 * MS);
    assertThat(bucket.tryTake(5 * MS)).isTrue();
    assertThat(bucket.tryTake(5 * MS + 999 * MS)).isFalse();
    assertThat(bucket.tryTake(5 * MS + 1000 * MS)).isTrue();
  }
}

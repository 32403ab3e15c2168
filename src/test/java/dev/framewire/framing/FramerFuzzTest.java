package dev.framewire.framing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.framewire.framing.FramerPropertiesTest.Setup;
import dev.framewire.testutil.Chunkings.Chunking;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of every framer: the fuzzer picks the framing, its parameters,
 * the oversize policy, the chunks and whether the stream ends; the framer must report exactly what
 * the reference model says, only limit and corrupt-frame errors, and hold no more than
 * {@code maxLength} plus a delimiter or header after any chunk (the checks of
 * {@link FramerPropertiesTest}).
 *
 * <p>{@code mvn test} runs it in regression mode: the inputs committed under
 * {@code src/test/resources/dev/framewire/framing/FramerFuzzTestInputs/} (and an empty one), in
 * milliseconds. {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration}; see docs/security.md.
 */
class FramerFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void anyFramerOnAnyChunks(FuzzedDataProvider data) {
    Setup setup = FramerPropertiesTest.setup(bound -> data.consumeInt(0, bound - 1));
    boolean end = data.consumeBoolean();
    List<byte[]> chunks = new ArrayList<>();
    while (data.remainingBytes() > 0 && chunks.size() < 64) {
      chunks.add(data.consumeBytes(data.consumeInt(0, 300)));
    }
    FramerPropertiesTest.checkAgainstTheModel(setup, new Chunking("fuzzed chunks", chunks), end);
  }
}

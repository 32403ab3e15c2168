package dev.framewire.transport;

/** A frame that gets no normal reply: why, to be turned into the listener's {@code onError} action. */
record Failure(String code, String message) {
}

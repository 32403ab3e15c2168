package dev.framewire.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code framewire} and {@code framewire run} both take: the configuration file, whether to
 * join a cluster, and the log options.
 */
final class RunOptions {
  @Option(names = "--conf", paramLabel = "FILE",
      description = "Configuration file (JSON). Default: the embedded conf/config.json.")
  String conf;

  @Option(names = "--cluster",
      description = "Join a cluster of Framewire nodes (Hazelcast), as with \"cluster\": {\"enabled\": true}.")
  boolean cluster;

  @Mixin
  LogOptions log = new LogOptions();
}

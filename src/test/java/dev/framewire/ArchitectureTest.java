package dev.framewire;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.concurrent.TimeUnit;

/**
 * The arrows of STYLE.md ("may import"), checked on the main classes:
 * <pre>
 * cli       → everything (the composition root); nothing imports cli
 * config    → Jackson, vertx json/config; no other stage
 * framing   → Buffer, RecordParser, config
 * codec     → Buffer, json, config
 * route     → event bus, codec, config, and api's header names (route implements the envelope api documents)
 * transport → net, datagram, framing, codec, route, config; never handler
 * api       → event bus, route (the envelope's implementation): what handler authors use
 * handler   → event bus, api, config; never route internals, transport or framing
 * cluster   → Hazelcast, config
 * </pre>
 * Vert.x's internal API ({@code io.vertx.core.internal}) is used through one adapter only.
 */
@AnalyzeClasses(packages = "dev.framewire", importOptions = ArchitectureTest.MainClassesOnly.class)
class ArchitectureTest {
  /**
   * ArchUnit's own {@code DoNotIncludeTests} only knows {@code target/test-classes}; builds here may
   * use another directory ({@code -DbuildDir=...}), whose test classes still sit in {@code test-classes}.
   */
  static final class MainClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/");
    }
  }

  private static final String CLI = "dev.framewire.cli..";
  private static final String CONFIG = "dev.framewire.config..";
  private static final String FRAMING = "dev.framewire.framing..";
  private static final String CODEC = "dev.framewire.codec..";
  private static final String ROUTE = "dev.framewire.route..";
  private static final String TRANSPORT = "dev.framewire.transport..";
  private static final String HANDLER = "dev.framewire.handler..";
  private static final String CLUSTER = "dev.framewire.cluster..";
  private static final String BRIDGE = "dev.framewire.bridge..";
  private static final String API = "dev.framewire.api..";
  private static final String MONITOR = "dev.framewire.monitor..";
  private static final String VERTX_INTERNAL = "io.vertx.core.internal..";

  @ArchTest
  static final ArchRule everyClassBelongsToAStage = classes()
      .should().resideInAnyPackage(CLI, CONFIG, FRAMING, CODEC, ROUTE, TRANSPORT, HANDLER, CLUSTER, BRIDGE, API,
          MONITOR)
      .because("one package per stage: a new package needs its arrows here");

  @ArchTest
  static final ArchRule framingKnowsNoOtherStage = noClasses()
      .that().resideInAPackage(FRAMING)
      .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT, ROUTE, HANDLER, CLI, CODEC)
      .because("a framer is a pure byte state machine (STYLE.md: framing → Buffer, RecordParser, config)");

  @ArchTest
  static final ArchRule framingUsesOnlyBuffersParsersAndConfig = classes()
      .that().resideInAPackage(FRAMING)
      .should().onlyDependOnClassesThat().resideInAnyPackage(FRAMING, CONFIG,
          "io.vertx.core.buffer..", "io.vertx.core.parsetools..", "java..")
      .because("framers take no socket, verticle or event bus, so tests drive them without Vert.x");

  @ArchTest
  static final ArchRule codecKnowsNoOtherStage = noClasses()
      .that().resideInAPackage(CODEC)
      .should().dependOnClassesThat().resideInAnyPackage(FRAMING, TRANSPORT, ROUTE, HANDLER, CLI);

  @ArchTest
  static final ArchRule configIsTheBottomStage = noClasses()
      .that().resideInAPackage(CONFIG)
      .should().dependOnClassesThat().resideInAnyPackage(FRAMING, CODEC, ROUTE, TRANSPORT, HANDLER, CLI, CLUSTER, BRIDGE,
          API);

  @ArchTest
  static final ArchRule routeKnowsNoSocketOrHandler = noClasses()
      .that().resideInAPackage(ROUTE)
      .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT, HANDLER, CLI, FRAMING);

  @ArchTest
  static final ArchRule handlersUseOnlyThePublicApi = noClasses()
      .that().resideInAPackage(HANDLER)
      .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT, FRAMING, CLI, ROUTE, CODEC)
      .because("the built-in handlers are written as users write theirs: against dev.framewire.api alone");

  @ArchTest
  static final ArchRule theApiIsTheEnvelopeAndTheHandlerBase = classes()
      .that().resideInAPackage(API)
      .should().onlyDependOnClassesThat().resideInAnyPackage(API, ROUTE, "io.vertx.core", "io.vertx.core.eventbus..",
          "io.vertx.core.json..", "io.vertx.core.buffer..", "java..", "org.slf4j..")
      .because("what handler authors import stands on the event bus and the envelope, never on sockets or framing");

  @ArchTest
  static final ArchRule vertxInternalsThroughOneAdapter = noClasses()
      .that(describe("are not the adapter VertxInternals (or its nested classes)",
          (JavaClass c) -> !c.getName().startsWith(dev.framewire.transport.VertxInternals.class.getName())))
      .should().dependOnClassesThat().resideInAPackage(VERTX_INTERNAL)
      .because("Vert.x may change its internal API in any release: one class to check on an upgrade");

  @ArchTest
  static final ArchRule transportKnowsNoHandler = noClasses()
      .that().resideInAPackage(TRANSPORT)
      .should().dependOnClassesThat().resideInAnyPackage(HANDLER, CLI);

  @ArchTest
  static final ArchRule clusterUsesOnlyConfig = noClasses()
      .that().resideInAPackage(CLUSTER)
      .should().dependOnClassesThat().resideInAnyPackage(FRAMING, CODEC, ROUTE, TRANSPORT, HANDLER, CLI, BRIDGE)
      .because("cluster set-up is Hazelcast and config only (STYLE.md)");

  @ArchTest
  static final ArchRule bridgeUsesConfigTheEnvelopeAndTheOptionsMapper = noClasses()
      .that().resideInAPackage(BRIDGE)
      .should().dependOnClassesThat().resideInAnyPackage(FRAMING, CODEC, HANDLER, CLI, CLUSTER)
      .orShould().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(TRANSPORT)
          .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(dev.framewire.transport.OptionsMapper.class)))
          .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(dev.framewire.transport.VertxInternals.class)))
          .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(dev.framewire.transport.RateLimitedLog.class))))
      .because("bridge peers join the event bus (the envelope), not the pipeline; TLS options, Vert.x internals "
          + "and rate-limited warnings each live in one place");

  @ArchTest
  static final ArchRule monitorReadsCountersAndNeverThePipeline = noClasses()
      .that().resideInAPackage(MONITOR)
      .should().dependOnClassesThat().resideInAnyPackage(FRAMING, CODEC, HANDLER, CLI, CLUSTER, API)
      .because("the monitor reads what the stages count and report; it takes no part in moving frames");

  @ArchTest
  static final ArchRule onlyCliStartsTheMonitor = noClasses()
      .that().resideOutsideOfPackages(CLI, MONITOR)
      .should().dependOnClassesThat().resideInAPackage(MONITOR)
      .because("the stages count; only the composition root hands their counters to the monitor");

  @ArchTest
  static final ArchRule nothingButCliImportsCli = noClasses()
      .that().resideOutsideOfPackage(CLI)
      .should().dependOnClassesThat().resideInAPackage(CLI)
      .because("cli is the composition root");

  @ArchTest
  static final ArchRule onlyCliEndsTheJvm = noClasses()
      .that().resideOutsideOfPackage(CLI)
      .should().callMethod(System.class, "exit", int.class)
      .orShould().callMethod(Runtime.class, "exit", int.class)
      .orShould().callMethod(Runtime.class, "halt", int.class)
      .because("a library stage fails a Future; only the command line decides the exit code");

  @ArchTest
  static final ArchRule noMainClassSleeps = noClasses()
      .should().callMethod(Thread.class, "sleep", long.class)
      .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
      .orShould().callMethodWhere(describe("TimeUnit.sleep",
          (JavaCall<?> call) -> call.getTarget().getOwner().isAssignableTo(TimeUnit.class)
              && call.getTarget().getName().equals("sleep")))
      .because("event loops must never block: use timers");
}

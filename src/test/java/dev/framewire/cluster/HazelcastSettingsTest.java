package dev.framewire.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.framewire.config.ClusterConfig;
import dev.framewire.config.ClusterTlsConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import io.vertx.core.eventbus.EventBusOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ClusterConfig → Hazelcast Config and event-bus options: what goes out on the network. */
class HazelcastSettingsTest {

  private static ClusterConfig cluster(String host, String publicHost, List<String> members, boolean multicast,
      String file, Map<String, String> properties) {
    return new ClusterConfig(true, file == null ? "edge" : null, host, publicHost, file == null ? 6000 : null, 0,
        members, multicast, Duration.ofSeconds(7), file, properties);
  }

  @Test
  void defaultsJoinByMemberListOnLoopbackAndCallNobody() {
    Config config = HazelcastSettings.from(ClusterConfig.DISABLED.enable());
    NetworkConfig network = config.getNetworkConfig();
    JoinConfig join = network.getJoin();
    assertThat(config.getClusterName()).isEqualTo("framewire");
    assertThat(network.getPort()).isEqualTo(5701);
    assertThat(network.isPortAutoIncrement()).isTrue();
    assertThat(network.getPortCount()).isEqualTo(ClusterConfig.PORT_RANGE);
    assertThat(network.getInterfaces().isEnabled()).isTrue();
    assertThat(network.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("10");
    assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
    assertThat(config.getProperty("hazelcast.graceful.shutdown.max.wait")).isEqualTo("10");
    // Vert.x's subscription map is configured as in its own cluster file
    assertThat(config.getMultiMapConfig("__vertx.subs").getValueCollectionType().name()).isEqualTo("SET");
  }

  @Test
  void membersPublicHostAndPropertiesAreApplied() {
    Config config = HazelcastSettings.from(cluster("127.0.0.1", "203.0.113.9", List.of("10.0.0.5", "10.0.0.6:5702"),
        false, null, Map.of("hazelcast.wait.seconds.before.join", "0")));
    assertThat(config.getClusterName()).isEqualTo("edge");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(6000);
    assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("203.0.113.9");
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.0.0.5", "10.0.0.6:5702");
    assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("7");
  }

  @Test
  void multicastReplacesTheMemberList() {
    JoinConfig join = HazelcastSettings.from(cluster("127.0.0.1", null, List.of(), true, null, Map.of()))
        .getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
  }

  @Test
  void aWildcardHostBindsEveryInterface() {
    Config config = HazelcastSettings.from(cluster("0.0.0.0", "10.0.0.5", List.of("10.0.0.6"), false, null, Map.of()));
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
    assertThat(ClusterNode.eventBusOptions(cluster("0.0.0.0", "10.0.0.5", List.of(), false, null, Map.of())))
        .extracting(EventBusOptions::getHost, EventBusOptions::getClusterPublicHost)
        .containsExactly("0.0.0.0", "10.0.0.5");
  }

  @Test
  void theEventBusBindsTheClusterHost() {
    EventBusOptions options = ClusterNode.eventBusOptions(
        new ClusterConfig(true, "x", "127.0.0.1", null, 5701, 17001, List.of(), false, Duration.ofSeconds(10), null, Map.of()));
    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(options.getPort()).isEqualTo(17001);
    assertThat(options.getClusterPublicHost()).isNull();
  }

  @Test
  void tlsBetweenNodesRequiresTheClientsCertificateAndTrustsOnlyTheClusterCa() {
    ClusterConfig plain = new ClusterConfig(true, "x", "127.0.0.1", null, 5701, 0, List.of(), false,
        Duration.ofSeconds(10), null, Map.of());
    assertThat(ClusterNode.eventBusOptions(plain).isSsl()).isFalse();

    EventBusOptions options = ClusterNode.eventBusOptions(
        plain.withTls(new ClusterTlsConfig("tls/node.pem", "/etc/fw/node-key.pem", "tls/ca.pem")));
    String cwd = Path.of("").toAbsolutePath().toString();
    assertThat(options.isSsl()).isTrue();
    assertThat(options.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(options.isTrustAll()).as("the event bus trusts every server by default").isFalse();
    assertThat(options.getKeyCertOptions()).isInstanceOfSatisfying(PemKeyCertOptions.class, pem -> {
      assertThat(pem.getCertPaths()).containsExactly(cwd + "/tls/node.pem");
      assertThat(pem.getKeyPaths()).containsExactly("/etc/fw/node-key.pem");
    });
    assertThat(options.getTrustOptions()).isInstanceOfSatisfying(PemTrustOptions.class,
        pem -> assertThat(pem.getCertPaths()).containsExactly(cwd + "/tls/ca.pem"));
    // Vert.x copies the options into the event bus's server and client through JSON: the PEM options survive
    NetServerOptions server = new NetServerOptions(options.toJson());
    assertThat(server.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(server.getKeyCertOptions()).isEqualTo(options.getKeyCertOptions());
    NetClientOptions client = new NetClientOptions(options.toJson());
    assertThat(client.getTrustOptions()).isEqualTo(options.getTrustOptions());
    assertThat(client.isTrustAll()).isFalse();
  }

  @Test
  void aHazelcastFileIsUsedAsWrittenWithPhoneHomeOffEvenIfAskedOn() {
    Config config = HazelcastSettings.from(cluster("127.0.0.1", null, List.of(), false,
        "conf/examples/hazelcast-cluster.yaml", Map.of("hazelcast.phone.home.enabled", "true")));
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("10.0.0.5", "10.0.0.6", "10.0.0.7");
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.*");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getMultiMapConfig("__vertx.subs").getBackupCount()).isEqualTo(1);
  }

  @Test
  void aMissingHazelcastFileNamesTheField() {
    assertThatThrownBy(() -> HazelcastSettings.from(cluster("127.0.0.1", null, List.of(), false,
        "no/such/hazelcast.xml", Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cluster.hazelcastConfig: no such file: no/such/hazelcast.xml");
  }
}

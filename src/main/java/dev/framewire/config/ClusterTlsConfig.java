package dev.framewire.config;

import java.util.Objects;

/**
 * TLS with mutual authentication on the clustered event bus, the connections over which nodes
 * send each other frames and replies ({@link ClusterConfig#tls()}; null = those connections are
 * plain TCP). Every node presents its certificate both when it connects and when it is connected
 * to, and accepts only peers whose certificate chains to the cluster CA: a node without one can
 * neither deliver to nor receive from the others.
 *
 * <pre>
 * "cluster": {
 *   "enabled": true,
 *   "host": "10.0.0.5",
 *   "members": ["10.0.0.5", "10.0.0.6"],
 *   "tls": {"certPath": "tls/node.pem", "keyPath": "tls/node-key.pem", "caPath": "tls/cluster-ca.pem"}
 * }
 * </pre>
 *
 * <p>No host name is checked: a peer is a member because its certificate comes from the cluster
 * CA, not because of the address in it (Vert.x's clustered event bus turns host name verification
 * off; nodes are reached at the address they publish in Hazelcast). So the cluster CA must sign
 * nothing but node certificates, and a node certificate needs no IP or DNS name.
 *
 * <p>This covers the event bus only: Hazelcast's own traffic (membership, the map of event-bus
 * subscriptions) stays plain and unauthenticated; docs/security.md says how to confine it.
 *
 * <p>Paths are used as written: a relative path is resolved against the working directory.
 * Validation checks that each file exists; their content is read when the node joins, and a bad
 * certificate or key fails the join.
 *
 * @param certPath PEM certificate chain of this node (its certificate first), signed by the cluster CA
 * @param keyPath PEM private key of that certificate, PKCS#8 ({@code BEGIN PRIVATE KEY}; PKCS#1
 *     {@code BEGIN RSA PRIVATE KEY} and {@code BEGIN EC PRIVATE KEY} are read too)
 * @param caPath PEM certificate(s) of the cluster CA: the only issuers whose nodes this one accepts
 */
public record ClusterTlsConfig(String certPath, String keyPath, String caPath) {
  public ClusterTlsConfig {
    Objects.requireNonNull(certPath, "certPath");
    Objects.requireNonNull(keyPath, "keyPath");
    Objects.requireNonNull(caPath, "caPath");
  }
}

package dev.framewire.config;

import static dev.framewire.config.ConfigValues.orDefault;
import static dev.framewire.config.ConfigValues.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code bridge} section: where it binds, which addresses it lets through, its frame limit, TLS. */
final class BridgeValidator extends SectionValidator {
  private final PortBindings ports;
  private final TlsValidator tls;

  BridgeValidator(ConfigValues values, PortBindings ports) {
    super(values);
    this.ports = ports;
    this.tls = new TlsValidator(values);
  }

  /** @return the resolved section, or null if anything at or under {@code p} failed */
  BridgeConfig bridge(ConfigSpec.Bridge b, String p) {
    Endpoint endpoint = tcpEndpoint(b.host(), b.port(), p, ports);
    List<PermittedAddress> inbound = permitted(b.inbound(), p + ".inbound");
    List<PermittedAddress> outbound = permitted(b.outbound(), p + ".outbound");
    int maxFrameLength = orDefault(values.size(b.maxFrameLength(), p + ".maxFrameLength",
        BridgeConfig.MIN_FRAME_LENGTH, BridgeConfig.MAX_FRAME_LENGTH), BridgeConfig.DEFAULT_MAX_FRAME_LENGTH);
    TlsConfig tls = b.tls() == null ? null : this.tls.tls(b.tls(), p + ".tls", false);
    if (errors.hasUnder(p)) {
      return null;
    }
    return new BridgeConfig(endpoint.host(), endpoint.port(), inbound, outbound, maxFrameLength, tls);
  }

  private List<PermittedAddress> permitted(List<ConfigSpec.Permitted> entries, String p) {
    List<PermittedAddress> resolved = new ArrayList<>();
    if (entries == null) {
      return resolved;
    }
    for (int i = 0; i < entries.size(); i++) {
      String path = p + "[" + i + "]";
      ConfigSpec.Permitted entry = entries.get(i);
      if (entry == null) {
        errors.add(path, "must be a string or an object (was null)");
      } else if (entry instanceof ConfigSpec.Named n) {
        if (values.nonEmpty(n.address(), path) != null) {
          resolved.add(PermittedAddress.exact(n.address()));
        }
      } else if (entry instanceof ConfigSpec.PermittedObject o) {
        if ((o.address() == null) == (o.addressRegex() == null)) {
          if (!errors.hasUnder(path)) { // a value that failed to bind is not also "missing"
            errors.add(path, "give exactly one of address and addressRegex");
          }
        } else if (o.address() != null) {
          if (values.nonEmpty(o.address(), path + ".address") != null) {
            resolved.add(PermittedAddress.exact(o.address()));
          }
        } else if (o.addressRegex().isEmpty()) {
          errors.add(path + ".addressRegex", "must not be empty");
        } else {
          try {
            Pattern.compile(o.addressRegex());
            resolved.add(PermittedAddress.regex(o.addressRegex()));
          } catch (PatternSyntaxException e) {
            errors.add(path + ".addressRegex", "not a valid regular expression: " + e.getDescription()
                + " (was " + quote(o.addressRegex()) + ")");
          }
        }
      }
    }
    return resolved;
  }
}

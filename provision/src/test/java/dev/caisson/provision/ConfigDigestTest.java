package dev.caisson.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfigDigestTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void compactTextIsJacksonsOwn() throws Exception {
    JsonNode config = mapper.readTree("""
        {"ignition": {"version": "3.4.0", "config": {"merge": []}},
         "storage": {"files": [{"path": "/etc/motd", "mode": 420, "overwrite": true,
           "contents": {"source": "data:,h%C3%A9llo", "verification": null}},
           {"path": "/opt/\\u00e9t\\u00e9 \\"quoted\\" \\\\ tab\\t", "append": [], "size": 12345678901}],
          "big": 1e400, "float": 0.25, "neg": -7, "ctl": "\\u0001\\u001f</script>\\u2028"},
         "passwd": {"users": [{"name": "core", "sshAuthorizedKeys": ["ssh-ed25519 AAAA x@y"]}]}}
        """);
    assertThat(new String(ConfigDigest.compact(config), StandardCharsets.UTF_8)).isEqualTo(config.toString());
  }

  @Test
  void randomTreesSerializeAsToString() {
    var random = new Random(42);
    for (int i = 0; i < 200; i++) {
      JsonNode node = randomNode(random, 0);
      assertThat(new String(ConfigDigest.compact(node), StandardCharsets.UTF_8)).isEqualTo(node.toString());
    }
  }

  @Test
  void digestChangesWithContent() throws Exception {
    assertThat(ConfigDigest.sha256(mapper.readTree("{\"a\":1}")))
        .isNotEqualTo(ConfigDigest.sha256(mapper.readTree("{\"a\":2}")))
        .hasSize(64);
  }

  private JsonNode randomNode(Random r, int depth) {
    var f = mapper.getNodeFactory();
    int kind = depth > 3 ? 2 + r.nextInt(5) : r.nextInt(7);
    return switch (kind) {
      case 0 -> {
        var o = f.objectNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          o.set(randomText(r), randomNode(r, depth + 1));
        }
        yield o;
      }
      case 1 -> {
        var a = f.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.add(randomNode(r, depth + 1));
        }
        yield a;
      }
      case 2 -> f.textNode(randomText(r));
      case 3 -> f.numberNode(r.nextInt());
      case 4 -> f.numberNode(r.nextLong());
      case 5 -> f.booleanNode(r.nextBoolean());
      default -> f.nullNode();
    };
  }

  private static String randomText(Random r) {
    var sb = new StringBuilder();
    for (int i = r.nextInt(8); i > 0; i--) {
      sb.append((char) (r.nextBoolean() ? r.nextInt(128) : r.nextInt(0x3000)));
    }
    return sb.toString();
  }
}

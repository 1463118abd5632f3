package dev.caisson.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSpecificIdTest {
  /** From {@code systemd-id128 machine-id -a de35106b6ec24688b63afddaa156679b} on a machine with this machine id. */
  static final String MACHINE_ID = "3d1219c7c4c5404aaa1f6d2a48adfda4";
  static final String ZINCATI_NODE_UUID = "975228d46dc94622b9bbe16671e2b58d";

  @Test
  void matchesSystemdId128ForZincatisAppId() {
    assertThat(AppSpecificId.of(MACHINE_ID, AppSpecificId.ZINCATI_APP)).isEqualTo(ZINCATI_NODE_UUID);
  }

  @Test
  void readsTheMachineIdFileWithItsNewline(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("machine-id");
    Files.writeString(f, MACHINE_ID + "\n");
    assertThat(AppSpecificId.nodeUuid(f)).isEqualTo(ZINCATI_NODE_UUID);
  }

  @Test
  void isAVersion4UuidAndDependsOnBothIds() {
    String a = AppSpecificId.of(MACHINE_ID, "00000000000000000000000000000001");
    String b = AppSpecificId.of("3d1219c7-c4c5-404a-aa1f-6d2a48adfda5", "00000000000000000000000000000001");
    assertThat(a).matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}");
    assertThat(a).isNotEqualTo(b).isNotEqualTo(AppSpecificId.of(MACHINE_ID, AppSpecificId.ZINCATI_APP));
  }

  @Test
  void rejectsSomethingThatIsNotAnId() {
    assertThatThrownBy(() -> AppSpecificId.of("uninitialized", AppSpecificId.ZINCATI_APP))
        .hasMessageContaining("not a 128-bit id");
  }
}

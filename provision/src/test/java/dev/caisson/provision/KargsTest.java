package dev.caisson.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class KargsTest {
  @Test
  void editsOnlyWhatDiffersFromTheCurrentCommandLine() throws Exception {
    var ka = new ObjectMapper().readTree("{\"shouldExist\":[\"console=ttyS0\",\"ro\"],\"shouldNotExist\":[\"quiet\",\"debug\"]}");
    assertThat(KernelArguments.edits(ka, "BOOT_IMAGE=/vmlinuz ro quiet\n"))
        .containsExactly("ensure console=ttyS0", "absent quiet");
    assertThat(KernelArguments.edits(ka, "ro console=ttyS0")).isEmpty();
  }
}

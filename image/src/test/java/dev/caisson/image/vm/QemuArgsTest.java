package dev.caisson.image.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuArgsTest {
  @TempDir Path tmp;

  private VmSpec spec(BootMode mode, Optional<Path> config) throws Exception {
    Path disk = tmp.resolve("disk.img");
    Files.write(disk, new byte[4096]);
    return new VmSpec("n1", disk, config, List.of(Forward.parse("8080:80"), Forward.parse("9000")), 2048, 2, mode, 2222);
  }

  /** The value after {@code flag}, for each occurrence. */
  private static List<String> values(List<String> argv, String flag) {
    var out = new java.util.ArrayList<String>();
    for (int i = 0; i < argv.size() - 1; i++) {
      if (argv.get(i).equals(flag)) {
        out.add(argv.get(i + 1));
      }
    }
    return out;
  }

  @Test
  void uefiUnderTcgWithAConfigAndForwards() throws Exception {
    VmDir dir = new VmDir(tmp.resolve("vm"));
    Path ign = tmp.resolve("config.ign");
    var fw = new Firmware(Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"), Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"));
    List<String> a = QemuArgs.build(spec(BootMode.UEFI, Optional.of(ign)), dir, Accel.TCG, Optional.of(fw),
        Optional.empty());
    assertThat(a.get(0)).isEqualTo("qemu-system-x86_64");
    assertThat(String.join(" ", a)).contains("-machine q35 -accel tcg -cpu max").contains("-m 2048 -smp 2");
    assertThat(values(a, "-fw_cfg")).containsExactly("name=opt/com.coreos/config,file=" + ign);
    assertThat(values(a, "-netdev")).containsExactly("user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22,"
        + "hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=tcp:127.0.0.1:9000-:9000");
    assertThat(values(a, "-drive")).containsExactly(
        "file=" + tmp.resolve("disk.img") + ",format=raw,if=virtio",
        "if=pflash,format=raw,unit=0,file=/usr/share/OVMF/OVMF_CODE_4M.fd,readonly=on",
        "if=pflash,format=raw,unit=1,file=" + dir.vars());
    assertThat(values(a, "-chardev")).containsExactly("file,id=console,path=" + dir.serialLog() + ",append=on");
    assertThat(values(a, "-qmp")).containsExactly("unix:" + dir.qmp() + ",server=on,wait=off");
    // QEMU reboots a UEFI guest itself: the firmware and systemd-boot count the boots
    assertThat(a).doesNotContain("-no-reboot", "-kernel");
  }

  @Test
  void directBootUnderKvmLoadsTheEntrysKernelAndExitsOnReboot() throws Exception {
    VmDir dir = new VmDir(tmp.resolve("vm"));
    var d = new QemuArgs.Direct(dir.kernel(), dir.initrd(), "root=LABEL=caisson-root rw ostree=/ostree/boot.1/x/y/0");
    List<String> a = QemuArgs.build(spec(BootMode.DIRECT, Optional.empty()), dir, Accel.KVM, Optional.empty(),
        Optional.of(d));
    assertThat(String.join(" ", a)).contains("-machine q35,accel=kvm -cpu host");
    assertThat(values(a, "-kernel")).containsExactly(dir.kernel().toString());
    assertThat(values(a, "-initrd")).containsExactly(dir.initrd().toString());
    assertThat(values(a, "-append")).containsExactly("root=LABEL=caisson-root rw ostree=/ostree/boot.1/x/y/0");
    assertThat(a).contains("-no-reboot").doesNotContain("-fw_cfg");
    assertThat(values(a, "-drive")).noneMatch(v -> v.contains("pflash"));
  }

  @Test
  void aQcow2DiskIsToldApartByItsMagic() throws Exception {
    Path q = tmp.resolve("disk.qcow2");
    Files.write(q, new byte[] {'Q', 'F', 'I', (byte) 0xfb, 0, 0, 0, 3});
    var s = new VmSpec("n1", q, Optional.empty(), List.of(), 1024, 1, BootMode.UEFI, 2222);
    assertThat(s.diskFormat()).isEqualTo("qcow2");
    assertThat(spec(BootMode.UEFI, Optional.empty()).diskFormat()).isEqualTo("raw");
  }

  @Test
  void oneBootIsEitherUefiOrDirect() throws Exception {
    VmDir dir = new VmDir(tmp.resolve("vm"));
    assertThatThrownBy(() -> QemuArgs.build(spec(BootMode.UEFI, Optional.empty()), dir, Accel.TCG, Optional.empty(),
        Optional.empty())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void accelIsTcgWithoutAUsableDevKvmAndTheProbeCreatesNothing() {
    Path missing = tmp.resolve("kvm");
    assertThat(Accel.detect(missing)).isEqualTo(Accel.TCG);
    assertThat(missing).doesNotExist();
    assertThat(Accel.TCG.describe()).contains("software emulation");
  }

  @Test
  void aDevKvmThatOpensIsUsedOnlyWhenQemuMakesAKvmMachineWithIt() throws Exception {
    Path devNull = Path.of("/dev/null"); // a character device that opens for reading and writing
    // QEMU stand-ins: one that reads "quit" and exits 0, one that aborts as QEMU did on a nested host
    Path good = tmp.resolve("good-qemu");
    java.nio.file.Files.writeString(good, "#!/bin/sh\nread line\n[ \"$line\" = quit ] && exit 0\nexit 3\n");
    Path bad = tmp.resolve("bad-qemu");
    java.nio.file.Files.writeString(bad, "#!/bin/sh\necho 'failed to set MSR 0x10a' >&2\nkill -ABRT $$\n");
    for (Path p : List.of(good, bad)) {
      java.nio.file.Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
    assertThat(Accel.detect(devNull, List.of(good.toString()))).isEqualTo(Accel.KVM);
    assertThat(Accel.detect(devNull, List.of(bad.toString()))).isEqualTo(Accel.TCG);
    assertThat(Accel.detect(devNull, List.of(tmp.resolve("no-such-qemu").toString()))).isEqualTo(Accel.TCG);
  }

  @Test
  void forwardsAndNamesAreChecked() {
    assertThat(Forward.parse("8080:80").hostfwd()).isEqualTo("hostfwd=tcp:127.0.0.1:8080-:80");
    assertThatThrownBy(() -> Forward.parse("a:b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Forward.parse("70000:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VmSpec("../x", tmp, Optional.empty(), List.of(), 1024, 1, BootMode.UEFI, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSpecSurvivesItsStateFile() throws Exception {
    var s = spec(BootMode.DIRECT, Optional.of(tmp.resolve("c.ign")));
    Path f = tmp.resolve("vm.properties");
    SpecFile.write(s, f, List.of("quiet", "a=b"));
    assertThat(SpecFile.read(f)).isEqualTo(s);
    assertThat(SpecFile.kargs(f)).containsExactly("quiet", "a=b");
  }
}

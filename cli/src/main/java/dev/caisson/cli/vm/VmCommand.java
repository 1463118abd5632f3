package dev.caisson.cli.vm;

import dev.caisson.cli.CommandTree;
import dev.caisson.image.vm.VmControl;
import dev.caisson.image.vm.VmDir;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code caisson vm VERB}: boot disk images in QEMU, in the background, one state directory per VM. */
@Command(addMethodSubcommands = false,
    name = "vm", description = "Run disk images in QEMU (UEFI or direct kernel boot), in the background.",
    mixinStandardHelpOptions = true)
public final class VmCommand implements CommandTree.Group {
  private static final List<Class<?>> VERBS = List.of(VmRun.class, VmSsh.class, VmStop.class, VmList.class,
      VmSupervise.class);

  @Override
  public List<Class<?>> verbs() {
    return VERBS;
  }

  /** The composition root of the vm verbs: state under ~/.cache/caisson/vm (or $CAISSON_VM_DIR). */
  static VmControl control() {
    String env = System.getenv("CAISSON_VM_DIR");
    Path base = env != null && !env.isEmpty() ? Path.of(env) : VmDir.base(Path.of(System.getProperty("user.home")));
    return new VmControl(base);
  }
}

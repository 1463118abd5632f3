package dev.caisson.cli.image;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.image.ImageBuilder;
import dev.caisson.image.ImageFormat;
import dev.caisson.image.ImageSpec;
import dev.caisson.image.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caisson image build --repo R --ref REF -o disk.img}. */
@Command(addMethodSubcommands = false, name = "build", mixinStandardHelpOptions = true,
    description = "Deploy a commit into a fresh sysroot and write a bootable GPT disk image (ESP with systemd-boot, "
        + "ext4 root), with no mounts.")
final class ImageBuild implements Callable<Integer> {
  @Mixin DebugOption debug;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--repo", paramLabel = "PATH", required = true, description = "The repository with the commit.")
  Path repo;

  @Option(names = "--ref", paramLabel = "REF", defaultValue = ImageSpec.DEFAULT_REF,
      description = "The ref or commit to deploy (default ${DEFAULT-VALUE}).")
  String ref;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The image to write.")
  Path output;

  @Option(names = "--format", paramLabel = "raw|qcow2", defaultValue = "raw", description = "raw (default) or qcow2.")
  String format;

  @Option(names = "--size", paramLabel = "SIZE", defaultValue = "8G",
      description = "Virtual disk size (default ${DEFAULT-VALUE}; the file is sparse).")
  String size;

  @Option(names = "--karg", paramLabel = "ARG",
      description = "A kernel argument; replaces the default with the same key (defaults: "
          + "root=LABEL=caisson-root rw console=ttyS0,115200).")
  List<String> kargs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(repo)) {
      throw new UserException(repo + ": no such repository");
    }
    ImageSpec s;
    try {
      s = ImageSpec.of(repo, ref, output).withFormat(ImageFormat.parse(format)).withSize(ImageSpec.parseSize(size))
          .withKargs(kargs);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    var err = spec.commandLine().getErr();
    var listener = new StepPrinter(err);
    var result = new ImageBuilder(new Tools(), listener, Path.of("/")).build(s);
    var out = spec.commandLine().getOut();
    out.println(result.image() + ": commit " + result.commit() + ", " + (result.layout().diskBytes() >> 20)
        + " MiB disk, " + (Files.size(result.image()) >> 20) + " MiB file, " + "entry " + result.defaultEntry()
        + ", " + result.seconds() + " s");
    out.flush();
    return 0;
  }
}

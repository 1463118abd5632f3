package dev.caisson.cli.image;

import dev.caisson.cli.CommandTree;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code caisson image VERB}: bootable disk images of an OS commit. */
@Command(addMethodSubcommands = false,
    name = "image", description = "Build bootable disk images from an OS commit.", mixinStandardHelpOptions = true)
public final class ImageCommand implements CommandTree.Group {
  private static final List<Class<?>> VERBS = List.of(ImageBuild.class);

  @Override
  public List<Class<?>> verbs() {
    return VERBS;
  }
}

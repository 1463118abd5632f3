package dev.caisson.cli;

import dev.caisson.config.Report;
import dev.caisson.config.SourceText;
import dev.caisson.config.butane.ButaneTranslator;
import dev.caisson.config.ignition.IgnitionReader;
import dev.caisson.config.schema.ConfigSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caisson validate}: checks Ignition JSON (spec 3.0.0 to 3.6.0) or Butane YAML files. */
@Command(addMethodSubcommands = false,
    name = "validate",
    description = "Check Ignition configs (JSON) or Butane configs (YAML, detected from the content).",
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {
  @Mixin DebugOption debug;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-d", "--files-dir"}, paramLabel = "DIR", description = "Files directory for Butane local paths.")
  Path filesDir;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Configs to check.")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var printer = new ProblemPrinter(err, ProblemPrinter.colourWanted());
    var schema = new ConfigSchema();
    int failed = 0;
    for (Path file : files) {
      SourceText source = ConfigInput.read(file);
      Report report;
      String what;
      if (isJson(source.text())) {
        var result = new IgnitionReader(schema).read(source);
        report = result.report();
        what = "Ignition " + result.version().map(Object::toString).orElse("?") + " config";
      } else {
        var result = new ButaneTranslator().translate(source,
            new ButaneTranslator.Options(Optional.ofNullable(filesDir), true));
        report = result.report();
        what = "Butane " + result.variant().map(Object::toString).orElse("?") + " config";
      }
      printer.print(report, source);
      if (report.hasErrors()) {
        failed++;
        err.println(file + ": invalid " + what);
      } else {
        out.println(file + ": valid " + what + (report.hasWarnings() ? " (with warnings)" : ""));
      }
    }
    out.flush();
    err.flush();
    return failed == 0 ? 0 : 1;
  }

  /** Ignition configs are JSON objects; anything else is taken for Butane YAML. */
  static boolean isJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFEFF' || Character.isWhitespace(c)) {
        continue;
      }
      return c == '{';
    }
    return true;
  }
}

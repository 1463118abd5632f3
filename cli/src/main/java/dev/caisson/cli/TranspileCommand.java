package dev.caisson.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.Report;
import dev.caisson.config.SourceText;
import dev.caisson.config.butane.ButaneTranslator;
import dev.caisson.config.ignition.IgnitionJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caisson transpile}: Butane's command line, flag for flag. */
@Command(addMethodSubcommands = false,
    name = "transpile",
    description = "Translate a Butane config (YAML) into an Ignition config (JSON).",
    mixinStandardHelpOptions = true)
final class TranspileCommand implements Callable<Integer> {
  @Mixin DebugOption debug;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-p", "--pretty"}, description = "Output formatted JSON.")
  boolean pretty;

  @Option(names = {"-s", "--strict"}, description = "Fail on any warning.")
  boolean strict;

  @Option(names = {"-c", "--check"}, description = "Check the config only; write no output.")
  boolean check;

  @Option(names = {"-d", "--files-dir"}, paramLabel = "DIR", description = "Directory that local paths are relative to.")
  Path filesDir;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the output to FILE (default stdout).")
  Path output;

  @Option(names = {"-r", "--raw"}, description = "Accepted for compatibility; only the openshift variant uses it.")
  boolean raw;

  @Parameters(arity = "0..1", paramLabel = "INPUT", description = "The Butane config; standard input when absent.")
  Path input;

  @Override
  public Integer call() throws IOException {
    SourceText source = ConfigInput.read(input);
    var result = new ButaneTranslator().translate(source,
        new ButaneTranslator.Options(Optional.ofNullable(filesDir), true));
    Report report = result.report();
    PrintWriter err = spec.commandLine().getErr();
    new ProblemPrinter(err, ProblemPrinter.colourWanted()).print(report, source);
    if (report.hasErrors()) {
      err.println("Error translating config: " + count(report) + "; no output written");
      err.flush();
      return 1;
    }
    if (strict && report.hasWarnings()) {
      err.println("Config produced warnings and --strict was specified; no output written");
      err.flush();
      return 1;
    }
    if (check) {
      return 0;
    }
    ObjectNode config = result.config().orElseThrow();
    String json = new IgnitionJson().write(config, pretty) + "\n";
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(json);
      out.flush();
    } else {
      AtomicFile.write(output, json.getBytes(StandardCharsets.UTF_8), 0644);
    }
    return 0;
  }

  private static String count(Report report) {
    long errors = report.problems().stream().filter(p -> p.severity() == dev.caisson.config.Severity.ERROR).count();
    long warnings = report.problems().size() - errors;
    return errors + (errors == 1 ? " error" : " errors") + (warnings > 0 ? ", " + warnings + " warning(s)" : "");
  }
}

package dev.caisson.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Turns a command-line mistake into a short message and a suggestion, never a usage dump. */
final class ShortErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    var err = cmd.getErr();
    err.println(cmd.getCommandName() + ": " + ex.getMessage());
    if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
      var spec = cmd.getCommandSpec();
      err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
    }
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }
}

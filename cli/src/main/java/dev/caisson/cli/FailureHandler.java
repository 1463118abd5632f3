package dev.caisson.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps a failure to a one-line message and an exit code. User errors and I/O failures never show
 * a stack trace unless {@code --debug} is on; anything else is a bug and says so.
 */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    var err = cmd.getErr();
    boolean debug = parsed.hasMatchedOption("--debug") || debugRequested(parsed);
    String prefix = cmd.getCommandSpec().qualifiedName() + ": ";
    int code;
    if (ex instanceof UserException user) {
      err.println(prefix + user.getMessage());
      code = user.exitCode();
    } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
      err.println(prefix + describe(ex instanceof UncheckedIOException u ? u.getCause() : ex));
      code = 1;
    } else {
      err.println(prefix + "internal error: " + ex + " (please report it; --debug shows where)");
      code = 70;
    }
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static boolean debugRequested(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  static String describe(Throwable t) {
    if (t instanceof NoSuchFileException e) {
      return e.getFile() + ": no such file or directory";
    }
    if (t instanceof AccessDeniedException e) {
      return e.getFile() + ": permission denied";
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}

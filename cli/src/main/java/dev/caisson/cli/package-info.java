/** The {@code caisson} command: one thin picocli subcommand per verb, and the composition root. */
package dev.caisson.cli;

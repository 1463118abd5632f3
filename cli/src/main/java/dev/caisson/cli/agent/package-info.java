/** {@code caisson agent} and {@code caisson update}: the update agent and its manual control. */
package dev.caisson.cli.agent;

/** {@code caisson release ...}: publish and steer releases through the server's admin API. */
package dev.caisson.cli.release;

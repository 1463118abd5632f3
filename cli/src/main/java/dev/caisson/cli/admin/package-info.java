/** {@code caisson admin}: deployments in a sysroot, with ostree admin's verbs and spellings. */
package dev.caisson.cli.admin;

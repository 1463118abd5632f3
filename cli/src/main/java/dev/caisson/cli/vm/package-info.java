/** {@code caisson vm}: run images in QEMU. */
package dev.caisson.cli.vm;

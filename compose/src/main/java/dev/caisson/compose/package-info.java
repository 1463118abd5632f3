/** Composes the Caisson OS: a Debian root tree laid out the OSTree way, its initramfs, committed to a store. */
package dev.caisson.compose;

/** Running an image in QEMU: UEFI or direct kernel boot, boot counting, state per VM. */
package dev.caisson.image.vm;

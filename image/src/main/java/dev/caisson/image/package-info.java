/** Bootable disk images from a commit: sysroot, GPT, ext4 root, ESP with systemd-boot. */
package dev.caisson.image;

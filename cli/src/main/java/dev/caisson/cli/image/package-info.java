/** {@code caisson image}: bootable disk images. */
package dev.caisson.cli.image;

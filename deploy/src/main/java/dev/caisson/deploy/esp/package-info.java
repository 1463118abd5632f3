/** Finding and re-syncing the EFI system partition that systemd-boot reads (ostree 2022.7 does not manage a vfat ESP). */
package dev.caisson.deploy.esp;

/** Boot Loader Specification entries, boot counting, and a model of how systemd-boot chooses. */
package dev.caisson.deploy.boot;

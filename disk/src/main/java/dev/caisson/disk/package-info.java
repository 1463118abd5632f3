/** GPT partitioning written in Java and filesystems through the mkfs tools: Ignition's disks stage. */
package dev.caisson.disk;

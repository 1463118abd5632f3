/** The first-boot provisioning engine: applies an Ignition config to a root directory. */
package dev.caisson.provision;

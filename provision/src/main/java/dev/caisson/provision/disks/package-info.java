/** The disks stage's side of provisioning: the config's storage section translated for the disk module. */
package dev.caisson.provision.disks;

/** FleetLock reboot locks: a counting, owned, recursive semaphore per group, kept in the store. */
package dev.caisson.server.lock;

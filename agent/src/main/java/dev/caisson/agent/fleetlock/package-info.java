/** A FleetLock client that accepts airlock's and poseidon's answers. */
package dev.caisson.agent.fleetlock;

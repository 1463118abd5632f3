/** When a staged update may reboot the node: immediate, periodic windows, FleetLock, and both. */
package dev.caisson.agent.strategy;

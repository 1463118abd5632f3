/** The Cincinnati update graph (FCOS flavour): edges from releases, barriers and dead-ends, rollout throttling. */
package dev.caisson.server.graph;

/** The node update agent: Zincati's state machine over Caisson's sysroot, graph and reboot locks. */
package dev.caisson.agent;

/** The node's identity: systemd's app-specific machine id. */
package dev.caisson.agent.identity;

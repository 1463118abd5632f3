/** The OS image store: repositories in OSTree's format, commits, checkouts, refs. */
package dev.caisson.store;

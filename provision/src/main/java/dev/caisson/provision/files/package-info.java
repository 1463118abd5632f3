/** The files stage: a symlink-safe resolver, a plan of actions, accounts, units, and applying the plan. */
package dev.caisson.provision.files;

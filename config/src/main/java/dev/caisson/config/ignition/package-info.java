/** The Ignition config: spec versions, parsing with positions, validation, upgrade and merging. */
package dev.caisson.config.ignition;

/** Butane YAML to Ignition JSON: variants and versions, the sugar, and problems at YAML positions. */
package dev.caisson.config.butane;

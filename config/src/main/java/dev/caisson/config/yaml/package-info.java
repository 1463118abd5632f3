/** YAML documents composed with positions, with limits that make hostile input fail fast. */
package dev.caisson.config.yaml;

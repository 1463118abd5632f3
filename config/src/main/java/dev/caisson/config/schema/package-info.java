/** One description of the Ignition config tree, with the spec version each field appeared in and its Butane name. */
package dev.caisson.config.schema;

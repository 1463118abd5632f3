/** Where the server keeps its state: the {@link dev.caisson.server.store.FleetStore} SPI, its values, the embedded store. */
package dev.caisson.server.store;

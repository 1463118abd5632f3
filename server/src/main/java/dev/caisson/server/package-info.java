/** {@code caisson server}: the configuration, the composition root and the HTTP server. */
package dev.caisson.server;

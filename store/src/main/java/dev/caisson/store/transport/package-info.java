/** Moving repositories over HTTP: a static-file server with keep-alive, and a verifying parallel pull. */
package dev.caisson.store.transport;

/** The HTTP endpoints (Jetty 12 core handlers): graph, FleetLock, reports, admin API, repo, metrics, dashboard. */
package dev.caisson.server.http;

/** The fleet: releases on streams, node inventory from requests and reports, and the closed loop that halts rollouts. */
package dev.caisson.server.fleet;

/** The Cincinnati update graph (Fedora CoreOS flavour) and Zincati's choice of target. */
package dev.caisson.agent.graph;

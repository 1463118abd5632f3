/** Provisioning configs: the problem report shared by the Butane and Ignition front ends. */
package dev.caisson.config;

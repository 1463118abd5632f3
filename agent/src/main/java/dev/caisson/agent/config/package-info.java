/** The agent's TOML drop-in configuration, merged as Zincati merges its fragments. */
package dev.caisson.agent.config;

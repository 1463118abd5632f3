/** Sysroots: deployments of commits, boot entries with boot counting, the /etc merge, rollback. */
package dev.caisson.deploy;

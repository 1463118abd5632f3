/** OSTree static deltas: the superblock and part formats, generating, applying, listing and indexing them. */
package dev.caisson.store.delta;

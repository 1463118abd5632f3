/** {@code caisson repo}: the store's verbs, with ostree's option spellings. */
package dev.caisson.cli.repo;

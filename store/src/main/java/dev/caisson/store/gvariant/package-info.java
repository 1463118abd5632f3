/** GVariant serialization in normal form: the byte format of every OSTree metadata object. */
package dev.caisson.store.gvariant;

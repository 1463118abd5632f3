/** The etcd implementation of the server's store, for several stateless replicas sharing one etcd cluster. */
package dev.caisson.server.etcd;

/** Fetching configs and file contents: data, file and http(s) URLs, hashes, retries. */
package dev.caisson.provision.fetch;

package dev.caisson.server.http;

import java.io.IOException;

/** Brings a commit into the server's repository, from a repository URL, and keeps it under a ref. */
@FunctionalInterface
public interface CommitImporter {
  /** Pulls {@code refOrCommit} from {@code source}, stores it as ref {@code keepAs}; returns the commit checksum. */
  String importCommit(String source, String refOrCommit, String keepAs) throws IOException;
}

package dev.caisson.server.graph;

/** The metadata keys Zincati reads (FORMATS.md Part 3 §2.1); every value is a string. */
public final class Metadata {
  private static final String P = "org.fedoraproject.coreos.";
  public static final String AGE_INDEX = P + "releases.age_index";
  public static final String SCHEME = P + "scheme";
  public static final String BARRIER = P + "updates.barrier";
  public static final String BARRIER_REASON = P + "updates.barrier_reason";
  public static final String DEADEND = P + "updates.deadend";
  public static final String DEADEND_REASON = P + "updates.deadend_reason";
  public static final String ROLLOUT = P + "updates.rollout";
  public static final String START_EPOCH = P + "updates.start_epoch";
  public static final String START_VALUE = P + "updates.start_value";
  public static final String DURATION = P + "updates.duration_minutes";

  private Metadata() {}
}

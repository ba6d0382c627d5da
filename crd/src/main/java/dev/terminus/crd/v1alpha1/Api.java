package dev.terminus.crd.v1alpha1;

/** Constants shared by the API types and the operator. */
public final class Api {
  public static final String GROUP = "terminus.dev";
  public static final String VERSION = "v1alpha1";

  /** Kubernetes names of at most 63 characters: a DNS-1123 label. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A DNS-1123 subdomain (Secrets, service accounts). */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /**
   * The longest execution name: it is a label value (at most 63 characters) on the execution's Jobs
   * and Pods.
   */
  public static final int MAX_EXECUTION_NAME = 63;

  /**
   * The largest activeDeadlineSeconds the schema accepts (one year), of an execution and of a node.
   * A child execution's deadline, its node's plus a grace, is capped at it.
   */
  public static final long MAX_DEADLINE_SECONDS = 31_536_000;

  /** The most nodes a workflow may declare. */
  public static final int MAX_NODES = 500;

  public static final String LABEL_EXECUTION = GROUP + "/execution";
  public static final String LABEL_NODE = GROUP + "/node";
  public static final String LABEL_ATTEMPT = GROUP + "/attempt";
  public static final String LABEL_EXECUTION_UID = GROUP + "/execution-uid";

  /** On a child execution: the name of its parent execution. */
  public static final String LABEL_PARENT = GROUP + "/parent";

  /** On a child execution: the parent's node it runs for. */
  public static final String LABEL_PARENT_NODE = GROUP + "/parent-node";

  /** On a child execution: the Workflows it descends from, comma-separated, outermost first. */
  public static final String ANNOTATION_LINEAGE = GROUP + "/lineage";

  private Api() {}
}

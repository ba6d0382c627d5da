package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code kubectl auth can-i}: the embedded API has no authentication and no authorization, so a
 * SelfSubjectAccessReview is answered allowed, and a SelfSubjectRulesReview ({@code can-i --list})
 * with one rule allowing everything. Reviews are answered, never stored, as the API server does.
 */
final class AccessReviews {

  static final String GROUP = "authorization.k8s.io";
  static final ResourceType SELF_SUBJECT_ACCESS_REVIEWS =
      ResourceType.builtIn(
              GROUP,
              "v1",
              "selfsubjectaccessreviews",
              "SelfSubjectAccessReview",
              false,
              List.of(),
              false)
          .createOnly();
  static final ResourceType SELF_SUBJECT_RULES_REVIEWS =
      ResourceType.builtIn(
              GROUP,
              "v1",
              "selfsubjectrulesreviews",
              "SelfSubjectRulesReview",
              false,
              List.of(),
              false)
          .createOnly();

  private static final String REASON =
      "the embedded API has no authorization: everything is allowed";

  private AccessReviews() {}

  static boolean answers(ResourceType type) {
    return type.group().equals(GROUP);
  }

  /** The review sent, with its status filled in. */
  static Writes.Written answer(ApiRequest request, ResourcePath path, ResourceType type) {
    if (!request.method().equals("POST") || !path.isCollection()) {
      throw ApiError.methodNotAllowed(request.method());
    }
    ObjectNode review = RequestBodies.object(request, path, type);
    ObjectNode status = review.putObject("status");
    if (type.kind().equals(SELF_SUBJECT_RULES_REVIEWS.kind())) {
      ObjectNode rule = status.putArray("resourceRules").addObject();
      rule.putArray("verbs").add("*");
      rule.putArray("apiGroups").add("*");
      rule.putArray("resources").add("*");
      ObjectNode urls = status.putArray("nonResourceRules").addObject();
      urls.putArray("verbs").add("*");
      urls.putArray("nonResourceURLs").add("*");
      status.put("incomplete", false);
    } else {
      status.put("allowed", true).put("reason", REASON);
    }
    return new Writes.Written(201, review, List.of());
  }
}

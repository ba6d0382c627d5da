package dev.terminus.worker.component;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.worker.WorkerLog;
import java.util.Map;

/**
 * What a component may use.
 *
 * @param config TERMINUS_CONFIG, not yet validated
 * @param templates fills {@code ${inputs.x}} and {@code ${execution.x}} from TERMINUS_INPUTS
 * @param env the worker's environment, where credentials are read by name
 */
public record ComponentContext(
    ObjectNode config, Templates templates, Map<String, String> env, WorkerLog log) {}

package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

/** One template function. Arguments are evaluated on demand through {@link Args}, so functions can be lazy. */
@FunctionalInterface
interface ArmFunction {

    JsonNode call(Args args);
}

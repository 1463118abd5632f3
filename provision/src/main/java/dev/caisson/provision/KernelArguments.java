package dev.caisson.provision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The kargs stage: {@code kernelArguments.shouldExist} and {@code shouldNotExist} against the
 * current command line, as the edit lines the deployment layer reads ({@code ensure ARG},
 * {@code absent ARG}). An empty list means no reboot is needed.
 */
final class KernelArguments {
  private KernelArguments() {}

  static List<String> edits(JsonNode kernelArguments, String currentCmdline) {
    List<String> current = List.of(currentCmdline.trim().split("\\s+"));
    var out = new ArrayList<String>();
    for (JsonNode a : kernelArguments.path("shouldExist")) {
      if (!current.contains(a.asText())) {
        out.add("ensure " + a.asText());
      }
    }
    for (JsonNode a : kernelArguments.path("shouldNotExist")) {
      if (current.contains(a.asText())) {
        out.add("absent " + a.asText());
      }
    }
    return out;
  }
}

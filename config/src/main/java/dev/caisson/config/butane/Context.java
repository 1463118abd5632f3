package dev.caisson.config.butane;

import dev.caisson.config.Problem;
import dev.caisson.config.SourceMap;
import java.util.List;

/** What every translation step shares: the variant, the files dir, where paths came from, the problems. */
record Context(Variant variant, FilesDir filesDir, boolean allowCompression, SourceMap origins, List<Problem> problems) {

  void error(String jsonPath, String message) {
    problems.add(origins.place(Problem.error(jsonPath, 0, 0, message)));
  }

  void warning(String jsonPath, String message) {
    problems.add(origins.place(Problem.warning(jsonPath, 0, 0, message)));
  }
}

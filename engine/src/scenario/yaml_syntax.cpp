#include "yaml_syntax.hpp"

#include <yaml.h>

#include "yaml_reader.hpp"

namespace wfsim {

void check_yaml_syntax(const std::string& text, const std::string& source) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser))
    scenario_error(source, YAML::Mark::null_mark(), "", "out of memory reading the YAML");
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  yaml_event_t event;
  bool done = false;
  while (!done) {
    if (!yaml_parser_parse(&parser, &event)) {
      YAML::Mark mark;
      mark.line = static_cast<int>(parser.problem_mark.line);
      mark.column = static_cast<int>(parser.problem_mark.column);
      const std::string problem = parser.problem ? parser.problem : "not valid YAML";
      const std::string context = parser.context ? std::string(" ") + parser.context : "";
      yaml_parser_delete(&parser);
      scenario_error(source, mark, "", "malformed YAML: " + problem + context);
    }
    done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&parser);
}

}  // namespace wfsim

#include "render/json_public.h"

#include <nlohmann/json.hpp>

namespace zwgk {

std::string redact_result_json(std::string_view full, std::string_view own_unit) {
  auto document = nlohmann::ordered_json::parse(full);
  for (auto& unit : document["units"]) {
    if (!own_unit.empty() && unit.value("name", "") == own_unit) continue;
    for (auto& deduction : unit["deductions"])
      if (deduction.contains("sources")) deduction["sources"] = nlohmann::ordered_json::array();
    unit["rejected_submissions"] = nlohmann::ordered_json::array();
    unit["details_withheld"] = true;
  }
  return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace zwgk

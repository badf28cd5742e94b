// zhifa._zhifa: the what-if planner (include/zhifa/planner.h). The pandas layer is zhifa/_planner.py.
#include "bindings/python/src/common.h"

namespace zhifa::python {
namespace {

ActionOptions OptionsFrom(const std::string& actions, const std::string& costs, std::optional<int64_t> max_file) {
  ActionOptions o = Unwrap(ActionOptions::Parse(actions, costs));
  o.max_file = max_file;
  return o;
}

Decimal DecimalFrom(const py::handle& value, const char* what) {
  absl::StatusOr<Decimal> d = Decimal::Parse(std::string(py::str(value)));
  if (!d.ok()) RaiseStatus(absl::InvalidArgumentError(std::string(what) + ": " + std::string(d.status().message())));
  return *d;
}

py::dict ActionDict(const std::array<int64_t, kActionCount>& a) {
  py::dict d;
  for (Action x : kAllActions) d[py::str(std::string(ActionName(x)))] = a[static_cast<size_t>(x)];
  return d;
}

}  // namespace

void BindPlanner(py::module_& m) {
  m.def(
      "plan_for_total",
      [](const PyScorecard& card, const Unit& unit, const py::handle& target, const std::string& actions,
         const std::string& costs, std::optional<int64_t> max_file) {
        const ActionOptions o = OptionsFrom(actions, costs, max_file);
        TargetPlan plan =
            Unwrap(PlanForTotal(*card.rules, unit, card.card.period, card.card.counts, DecimalFrom(target, "total"), o,
                                {.any_period = card.card.ruleset_outside_dates}));
        py::dict out;
        out["target"] = ToDecimal(plan.target);
        out["reachable"] = plan.reachable;
        out["actions"] = ActionDict(plan.actions);
        py::dict contribution;
        for (Action x : kAllActions) {
          contribution[py::str(std::string(ActionName(x)))] = ToDecimal(plan.contribution[static_cast<size_t>(x)]);
        }
        out["contribution"] = contribution;
        out["cost"] = plan.cost;
        out["total_before"] = ToDecimal(plan.before.total);
        out["total_after"] = ToDecimal(plan.after.total);
        out["max_total"] = ToDecimal(plan.max_total);
        out["explanation_zh"] = plan.Sentence(Language::kZh);
        out["explanation_en"] = plan.Sentence(Language::kEn);
        out["evaluations"] = plan.evaluations;
        out["after"] = PyScorecard{plan.after, card.rules};
        return out;
      },
      py::arg("card"), py::arg("unit"), py::arg("target"), py::arg("actions") = "", py::arg("cost") = "",
      py::arg("max_file") = py::none());
  m.def(
      "marginals",
      [](const PyScorecard& card, const Unit& unit, const std::string& actions, const std::string& costs,
         std::optional<int64_t> max_file) {
        const ActionOptions o = OptionsFrom(actions, costs, max_file);
        py::list out;
        for (const Marginal& x : Unwrap(Marginals(*card.rules, unit, card.card.period, card.card.counts, o,
                                                  {.any_period = card.card.ruleset_outside_dates}))) {
          py::dict d;
          d["action"] = std::string(ActionName(x.action));
          d["available"] = x.available;
          d["gain"] = x.available ? ToDecimal(x.gain) : py::object(py::none());
          d["cost"] = x.cost;
          d["why_not"] = x.why_not;
          d["why_not_zh"] = x.why_not_zh;
          out.append(d);
        }
        return out;
      },
      py::arg("card"), py::arg("unit"), py::arg("actions") = "", py::arg("cost") = "",
      py::arg("max_file") = py::none());
  m.def(
      "apply_changes",
      [](const PyScorecard& card, const Unit& unit, const std::vector<std::string>& changes) {
        std::vector<CountChange> parsed;
        for (const std::string& c : changes) parsed.push_back(Unwrap(ParseCountChange(c)));
        const Counts counts = Unwrap(ApplyChanges(card.card.counts, parsed));
        return PyScorecard{
            Unwrap(Score(*card.rules, unit, card.card.period, counts, {.any_period = card.card.ruleset_outside_dates})),
            card.rules};
      },
      py::arg("card"), py::arg("unit"), py::arg("changes"));
}

}  // namespace zhifa::python

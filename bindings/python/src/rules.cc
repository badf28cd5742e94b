// zhifa._zhifa: rule sets and rule books (附件2 as data).
#include "bindings/python/src/common.h"

namespace zhifa::python {
namespace {

std::shared_ptr<RuleSet> FromPickle(const py::tuple& t) {
  if (t.size() != 1 || !py::isinstance<py::str>(t[0])) {
    RaiseStatus(absl::InvalidArgumentError("RuleSet: not a pickled rule set"));
  }
  return std::make_shared<RuleSet>(Unwrap(RuleSet::FromText(t[0].cast<std::string>(), "pickle")));
}

}  // namespace

void BindRules(py::module_& m) {
  m.def(
      "set_max_toml_bytes",
      [](size_t bytes) {
        if (absl::Status s = SetMaxTomlBytes(bytes); !s.ok()) RaiseStatus(s);
      },
      py::arg("bytes"),
      "Sets the largest TOML document every loader reads (rule sets, registries, plans, work calendars, settings); "
      "0 restores the default of 16 MiB; it cannot be lowered. Process-wide.");
  m.def("max_toml_bytes", &MaxTomlBytes, "The largest TOML document the loaders read, in bytes.");
  py::class_<RuleSet, std::shared_ptr<RuleSet>>(m, "RuleSet", "A rule set of the six-rate evaluation.")
      .def_static(
          "builtin",
          [](const std::string& id) {
            const RuleSet* set = Unwrap(RuleSet::Builtin(id));
            return std::shared_ptr<RuleSet>(std::shared_ptr<RuleSet>(), const_cast<RuleSet*>(set));
          },
          py::arg("id") = std::string(RuleSet::kDefaultId))
      .def_static("builtin_ids", &RuleSet::BuiltinIds)
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& source) {
            return std::make_shared<RuleSet>(Unwrap(RuleSet::FromText(text, source)));
          },
          py::arg("text"), py::arg("source") = "<string>")
      .def_static(
          "from_file",
          [](const std::string& path) {
            return std::make_shared<RuleSet>(Unwrap(RuleSet::FromFile(path), Lookup::kFile));
          },
          py::arg("path"))
      .def_property_readonly("id", &RuleSet::id)
      .def_property_readonly("title", &RuleSet::title)
      .def_property_readonly("digest", &RuleSet::digest)
      .def_property_readonly("effective_from", [](const RuleSet& r) { return ToDate(r.effective_from()); })
      .def_property_readonly("effective_until", [](const RuleSet& r) { return OptDate(r.effective_until()); })
      .def_property_readonly("total", [](const RuleSet& r) { return ToDecimal(r.total().ToShortString()); })
      .def_property_readonly("rounding", [](const RuleSet& r) { return std::string(RoundingName(r.rounding())); })
      .def_property_readonly("points_decimals", &RuleSet::points_decimals)
      .def_property_readonly("rate_decimals", &RuleSet::rate_decimals)
      .def_property_readonly("indicator_keys",
                             [](const RuleSet& r) {
                               std::vector<std::string> keys;
                               for (const Indicator& i : r.indicators()) keys.push_back(i.key);
                               return keys;
                             })
      .def(
          "in_force", [](const RuleSet& r, const py::handle& period) { return r.InForce(ToPeriod(period).start()); },
          py::arg("period"))
      .def("to_toml", &RuleSet::ToToml)
      .def("__eq__", [](const RuleSet& a, const RuleSet& b) { return a.digest() == b.digest() && a.id() == b.id(); })
      .def("__hash__", [](const RuleSet& r) { return py::hash(py::str(r.digest())); })
      .def_property_readonly("indicators",
                             [](const RuleSet& r) {
                               py::list out;
                               for (const Indicator& i : r.indicators()) {
                                 py::dict d;
                                 d["key"] = i.key;
                                 d["name"] = i.name;
                                 d["name_en"] = i.name_en;
                                 d["weight"] = ToDecimal(i.weight.ToShortString());
                                 d["clause"] = i.clause;
                                 d["numerator"] = std::string(ColumnName(i.numerator));
                                 d["denominator"] = std::string(ColumnName(i.denominator));
                                 d["mode"] = std::string(ModeName(i.mode));
                                 out.append(d);
                               }
                               return out;
                             })
      .def("__copy__", [](const std::shared_ptr<RuleSet>& r) { return r; })
      .def("__deepcopy__", [](const std::shared_ptr<RuleSet>& r, const py::dict&) { return r; })
      // __reduce__ (not __getstate__) so that every pickle protocol, 0 and 1 included, rebuilds from the text.
      .def("__reduce__", [](const RuleSet& r) {
        return py::make_tuple(py::module_::import("zhifa._pickle").attr("restore"),
                              py::make_tuple("_rule_set_from_pickle", py::make_tuple(r.ToToml())));
      });
  m.def("_rule_set_from_pickle", &FromPickle);

  py::class_<RuleBook, std::shared_ptr<RuleBook>>(m, "RuleBook", "Rule sets, one in force on each date.")
      .def(py::init([](const std::vector<std::shared_ptr<RuleSet>>& sets) {
             std::vector<RuleSet> copies;
             for (const auto& s : sets) {
               if (!s) RaiseStatus(absl::InvalidArgumentError("RuleBook: None is not a rule set"));
               copies.push_back(*s);
             }
             return std::make_shared<RuleBook>(Unwrap(RuleBook::Create(std::move(copies))));
           }),
           py::arg("sets"))
      .def_static("builtin",
                  [] {
                    return std::shared_ptr<RuleBook>(std::shared_ptr<RuleBook>(),
                                                     const_cast<RuleBook*>(&RuleBook::Builtin()));
                  })
      .def_property_readonly("sets",
                             [](const RuleBook& b) {
                               std::vector<std::shared_ptr<RuleSet>> out;
                               for (const RuleSet& s : b.sets()) out.push_back(std::make_shared<RuleSet>(s));
                               return out;
                             })
      .def(
          "select",
          [](const RuleBook& b, const py::handle& period) {
            return std::make_shared<RuleSet>(*Unwrap(b.Select(ToPeriod(period))));
          },
          py::arg("period"))
      .def("__eq__",
           [](const RuleBook& a, const RuleBook& b) {
             if (a.sets().size() != b.sets().size()) return false;
             for (size_t i = 0; i < a.sets().size(); ++i) {
               if (a.sets()[i].digest() != b.sets()[i].digest() || a.sets()[i].id() != b.sets()[i].id()) return false;
             }
             return true;
           })
      .def("__copy__", [](const std::shared_ptr<RuleBook>& b) { return b; })
      .def("__deepcopy__", [](const std::shared_ptr<RuleBook>& b, const py::dict&) { return b; })
      .def("__reduce__", [](const RuleBook& b) {
        py::list texts;
        for (const RuleSet& s : b.sets()) texts.append(s.ToToml());
        return py::make_tuple(py::module_::import("zhifa._pickle").attr("restore"),
                              py::make_tuple("_rule_book_from_pickle", py::make_tuple(texts)));
      });
  m.def("_rule_book_from_pickle", [](const py::tuple& t) {
    if (t.size() != 1 || !py::isinstance<py::list>(t[0])) {
      RaiseStatus(absl::InvalidArgumentError("RuleBook: not a pickled rule book"));
    }
    std::vector<RuleSet> sets;
    for (const py::handle& text : t[0].cast<py::list>()) {
      if (!py::isinstance<py::str>(text)) RaiseStatus(absl::InvalidArgumentError("RuleBook: not a pickled rule book"));
      sets.push_back(Unwrap(RuleSet::FromText(text.cast<std::string>(), "pickle")));
    }
    return std::make_shared<RuleBook>(Unwrap(RuleBook::Create(std::move(sets))));
  });
}

}  // namespace zhifa::python

// zhifa._zhifa: the unit registry (二、整治范围).
#include "bindings/python/src/common.h"

namespace zhifa::python {

void BindUnits(py::module_& m) {
  py::class_<Unit>(m, "Unit", "A unit of the registry (二、整治范围).")
      .def_readonly("code", &Unit::code)
      .def_readonly("name", &Unit::name)
      .def_readonly("official_name", &Unit::official_name)
      .def_property_readonly("category", [](const Unit& u) { return std::string(CategoryKey(u.category)); })
      .def_property_readonly("category_name", [](const Unit& u) { return std::string(CategoryName(u.category)); })
      .def_property_readonly(
          "parent",
          [](const Unit& u) { return u.parent.empty() ? py::object(py::none()) : py::object(py::str(u.parent)); })
      .def_readonly("aliases", &Unit::aliases)
      .def_readonly("comprehensive", &Unit::comprehensive)
      .def_readonly("key_rectification", &Unit::key_rectification)
      .def("__repr__", [](const Unit& u) { return "Unit(code='" + u.code + "', name='" + u.name + "')"; })
      .def("__eq__", [](const Unit& a, const Unit& b) { return a.code == b.code && a.name == b.name; })
      .def("__hash__", [](const Unit& u) { return py::hash(py::str(u.code)); })
      .def("__reduce__", [](const Unit& u) {
        return py::make_tuple(
            py::module_::import("zhifa._pickle").attr("restore"),
            py::make_tuple("_unit_from_pickle",
                           py::make_tuple(u.code, u.name, u.official_name, std::string(CategoryKey(u.category)),
                                          u.parent, u.comprehensive, u.key_rectification, u.aliases)));
      });
  m.def("_unit_from_pickle", [](const py::tuple& t) {
    if (t.size() != 8) RaiseStatus(absl::InvalidArgumentError("Unit: not a pickled unit"));
    Unit u;
    u.code = t[0].cast<std::string>();
    u.name = t[1].cast<std::string>();
    u.official_name = t[2].cast<std::string>();
    u.category = CategoryFromKey(t[3].cast<std::string>()).value_or(Category::kDepartment);
    u.parent = t[4].cast<std::string>();
    u.comprehensive = t[5].cast<bool>();
    u.key_rectification = t[6].cast<bool>();
    u.aliases = t[7].cast<std::vector<std::string>>();
    return u;
  });

  py::class_<Registry, std::shared_ptr<Registry>> registry_class(m, "Registry",
                                                                 "The unit registry: names, codes, aliases.");
  registry_class
      .def_static("builtin",
                  [] {
                    return std::shared_ptr<Registry>(std::shared_ptr<Registry>(),
                                                     const_cast<Registry*>(&Registry::Builtin()));
                  })
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& source) {
            return std::make_shared<Registry>(Unwrap(Registry::FromText(text, source)));
          },
          py::arg("text"), py::arg("source") = "<string>")
      .def_static(
          "from_file",
          [](const std::string& path) {
            return std::make_shared<Registry>(Unwrap(Registry::FromFile(path), Lookup::kFile));
          },
          py::arg("path"))
      .def_property_readonly("id", &Registry::id)
      .def("units", [](const Registry& r) { return std::vector<Unit>(r.units().begin(), r.units().end()); })
      .def(
          "resolve",
          [](const Registry& r, const std::string& name) {
            absl::StatusOr<const Unit*> u = r.Resolve(name);
            if (!u.ok()) RaiseStatus(u.status(), py::none(), py::str("unit"), Lookup::kUnit);
            return **u;
          },
          py::arg("name"))
      .def("scored_as",
           [](const Registry& r, const Unit& u) {
             const Unit* known = r.FindCode(u.code);
             if (known == nullptr) {
               RaiseStatus(absl::NotFoundError("unit " + u.code + " is not in registry " + r.id()), py::none(),
                           py::str("unit"), Lookup::kUnit);
             }
             return r.ScoredAs(*known);
           })
      .def("guidance",
           [](const Registry& r) {
             std::vector<std::pair<std::string, std::vector<std::string>>> out;
             for (const Guidance& g : r.guidance()) out.emplace_back(g.department, g.townships);
             return out;
           })
      .def("check_guidance", &Registry::CheckGuidance)
      .def("leading_group",
           [](const Registry& r) {
             const LeadingGroup& g = r.leading_group();
             py::list members;
             for (const LeadingGroupMember& x : g.members) {
               members.append(py::make_tuple(x.role, x.name, x.post,
                                             x.unit.empty() ? py::object(py::none()) : py::object(py::str(x.unit))));
             }
             py::dict d;
             d["members"] = members;
             d["office_unit"] = g.office_unit;
             d["office_director"] = g.office_director;
             return d;
           })
      .def("__repr__", [](const Registry& r) { return "Registry('" + r.id() + "')"; });
  PicklesAsText(m, registry_class, "registry");
}

}  // namespace zhifa::python

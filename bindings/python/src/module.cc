// zhifa._zhifa: the module. Each concept binds itself (units.cc, rules.cc, calendar.cc, score.cc, cases.cc, tables.cc,
// ledger.cc, people.cc).
#include "bindings/python/src/common.h"

namespace zhifa::python {
namespace {

[[noreturn]] void RaiseUsage(const std::string& message) {
  PyErr_SetString(py::module_::import("zhifa._errors").attr("UsageError").ptr(), message.c_str());
  throw py::error_already_set();
}

// Every class of the module has a C++ value behind each instance, made by its constructor or a factory.
// `X.__new__(X)` would make an instance without one, and any use of it would read freed or null memory (issue
// 16, defect 3): the class's __new__ attribute refuses, while the type's own allocation slot — which X(...),
// factories and __reduce__'s constructors use — stays pybind11's. A class without __reduce__ refuses pickling
// with the same error, not "cannot pickle" from Python.
void GuardConstruction(py::module_& m) {
  for (auto item : m.attr("__dict__").cast<py::dict>()) {
    py::handle cls = item.second;
    if (!PyType_Check(cls.ptr()) || py::detail::get_type_info(reinterpret_cast<PyTypeObject*>(cls.ptr())) == nullptr) {
      continue;
    }
    auto* type = reinterpret_cast<PyTypeObject*>(cls.ptr());
    std::string name = item.first.cast<std::string>();
    name = "zhifa." + name.substr(name.starts_with("_") ? 1 : 0);  // _LedgerStore is zhifa.LedgerStore
    newfunc allocate = type->tp_new;
    cls.attr("__new__") = py::staticmethod(py::cpp_function([name](const py::args&, const py::kwargs&) {
      RaiseUsage(name + ".__new__ makes no usable object; create one with " + name + "(...) or its factories");
    }));
    type->tp_new = allocate;  // setting __new__ pointed the slot at it; X(...) keeps allocating as before
    if (!py::hasattr(cls, "__reduce__") ||
        cls.attr("__reduce__").is(py::module_::import("builtins").attr("object").attr("__reduce__"))) {
      cls.attr("__reduce__") = py::cpp_function(
          [name](const py::object&) -> py::object { RaiseUsage(name + " cannot be pickled or copied"); },
          py::is_method(cls));
    }
    PyType_Modified(type);
  }
}

// C++ exceptions that no binding turned into a zhifa error: pybind11's cast errors are a call zhifa cannot take
// (UsageError); any other std::exception is zhifa.Error. Python's own exceptions pass through.
void TranslateExceptions() {
  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    try {
      std::rethrow_exception(p);
    } catch (const py::error_already_set&) {
      throw;
    } catch (const py::cast_error& e) {
      RaiseUsage(std::string("zhifa: ") + e.what());
    } catch (const py::builtin_exception&) {
      throw;
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      PyErr_SetString(py::module_::import("zhifa._errors").attr("Error").ptr(),
                      (std::string("zhifa: ") + e.what()).c_str());
    }
  });
}

}  // namespace
}  // namespace zhifa::python

PYBIND11_MODULE(_zhifa, m) {
  using namespace zhifa::python;
  m.doc() = "zhifa's C++ core; use the `zhifa` package, which re-exports and documents it.";
  m.attr("__version__") = zhifa::kVersion;
  BindUnits(m);
  BindRules(m);
  BindCalendar(m);
  BindScore(m);
  BindCases(m);
  BindTables(m);
  BindLedger(m);
  BindPeople(m);
  BindPlanner(m);
  BindFrame(m);
  BindReport(m);
  GuardConstruction(m);
  TranslateExceptions();
}

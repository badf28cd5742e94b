// zhifa._zhifa: the plan's calendar (四、整治步骤) and work calendars.
#include "bindings/python/src/common.h"

namespace zhifa::python {
namespace {

py::list EventList(const std::vector<CalendarEvent>& events) {
  py::list out;
  for (const CalendarEvent& e : events) {
    py::dict x;
    x["date"] = ToDate(e.date);
    x["kind"] = e.kind;
    x["name"] = e.name;
    x["name_en"] = e.name_en;
    x["clause"] = e.clause;
    x["uid"] = e.uid;
    out.append(x);
  }
  return out;
}

WorkCalendar CalendarFromPickle(const py::tuple& t) {
  if (t.size() != 2 || !py::isinstance<py::list>(t[1])) {
    RaiseStatus(absl::InvalidArgumentError("WorkCalendar: not a pickled work calendar"));
  }
  std::vector<WorkCalendar> parts;
  for (const py::handle& text : t[1].cast<py::list>())
    parts.push_back(Unwrap(WorkCalendar::FromText(text.cast<std::string>(), "pickle")));
  if (parts.size() == 1) return parts.front();
  return Unwrap(WorkCalendar::Combine(parts, t[0].cast<std::string>()));
}

}  // namespace

void BindCalendar(py::module_& m) {
  py::class_<Milestone>(m, "Milestone", "A dated milestone of the plan (四、整治步骤).")
      .def_readonly("key", &Milestone::key)
      .def_readonly("name", &Milestone::name)
      .def_readonly("name_en", &Milestone::name_en)
      .def_property_readonly("date", [](const Milestone& x) { return ToDate(x.date); })
      .def_readonly("clause", &Milestone::clause)
      .def_readonly("kind", &Milestone::kind)
      .def("__repr__", [](const Milestone& x) { return "Milestone(" + x.key + ", " + FormatDate(x.date) + ")"; })
      .def("__eq__", [](const Milestone& a, const Milestone& b) { return a.key == b.key && a.date == b.date; })
      .def("__reduce__", [](const Milestone& x) {
        return py::make_tuple(
            py::module_::import("zhifa._pickle").attr("restore"),
            py::make_tuple("_milestone_from_pickle",
                           py::make_tuple(x.key, x.name, x.name_en, FormatDate(x.date), x.clause, x.kind)));
      });
  m.def("_milestone_from_pickle", [](const py::tuple& t) {
    if (t.size() != 6) RaiseStatus(absl::InvalidArgumentError("Milestone: not a pickled milestone"));
    return Milestone{t[0].cast<std::string>(), t[1].cast<std::string>(),
                     t[2].cast<std::string>(), Unwrap(ParseDate(t[3].cast<std::string>())),
                     t[4].cast<std::string>(), t[5].cast<std::string>()};
  });

  py::class_<Phase>(m, "Phase", "A phase of the plan; start or end is None when open (before, after).")
      .def_readonly("key", &Phase::key)
      .def_readonly("name", &Phase::name)
      .def_readonly("name_en", &Phase::name_en)
      .def_readonly("clause", &Phase::clause)
      .def_property_readonly("start", [](const Phase& x) { return OptDate(x.start); })
      .def_property_readonly("end", [](const Phase& x) { return OptDate(x.end); })
      .def("__repr__", [](const Phase& x) { return "Phase(key='" + x.key + "', name='" + x.name + "')"; })
      .def("__eq__",
           [](const Phase& a, const Phase& b) { return a.key == b.key && a.start == b.start && a.end == b.end; })
      .def("__reduce__", [](const Phase& x) {
        auto date = [](const std::optional<Date>& d) {
          return d ? py::object(py::str(FormatDate(*d))) : py::object(py::none());
        };
        return py::make_tuple(py::module_::import("zhifa._pickle").attr("restore"),
                              py::make_tuple("_phase_from_pickle", py::make_tuple(x.key, x.name, x.name_en, x.clause,
                                                                                  date(x.start), date(x.end))));
      });
  m.def("_phase_from_pickle", [](const py::tuple& t) {
    if (t.size() != 6) RaiseStatus(absl::InvalidArgumentError("Phase: not a pickled phase"));
    auto date = [](const py::handle& h) {
      return h.is_none() ? std::optional<Date>() : std::optional<Date>(Unwrap(ParseDate(h.cast<std::string>())));
    };
    return Phase{t[0].cast<std::string>(),
                 t[1].cast<std::string>(),
                 t[2].cast<std::string>(),
                 t[3].cast<std::string>(),
                 date(t[4]),
                 date(t[5])};
  });

  py::class_<WorkCalendar>(m, "WorkCalendar", "Working days: weekends, holidays and adjusted working days.")
      .def_static("builtin", [] { return WorkCalendar::Builtin(); })
      .def_static(
          "china", [](int year) { return Unwrap(WorkCalendar::China(year)); }, py::arg("year"))
      .def_static("builtin_years", &WorkCalendar::BuiltinYears)
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& source) {
            return Unwrap(WorkCalendar::FromText(text, source));
          },
          py::arg("text"), py::arg("source") = "<string>")
      .def_static(
          "from_file", [](const std::string& path) { return Unwrap(WorkCalendar::FromFile(path), Lookup::kFile); },
          py::arg("path"))
      .def_property_readonly("id", &WorkCalendar::id)
      .def_property_readonly("source", &WorkCalendar::source)
      .def_property_readonly("first_day", [](const WorkCalendar& w) { return ToDate(w.first_day()); })
      .def_property_readonly("last_day", [](const WorkCalendar& w) { return ToDate(w.last_day()); })
      .def(
          "covers", [](const WorkCalendar& w, const py::handle& d) { return w.Covers(ToDateArg(d)); }, py::arg("d"))
      .def(
          "is_working_day",
          [](const WorkCalendar& w, const py::handle& d) { return Unwrap(w.IsWorkingDay(ToDateArg(d))); }, py::arg("d"))
      .def(
          "holiday_on",
          [](const WorkCalendar& w, const py::handle& d) {
            std::optional<std::string> h = Unwrap(w.HolidayOn(ToDateArg(d)));
            return h ? py::object(py::str(*h)) : py::object(py::none());
          },
          py::arg("d"))
      .def(
          "add_working_days",
          [](const WorkCalendar& w, const py::handle& d, int n) {
            return ToDate(Unwrap(w.AddWorkingDays(ToDateArg(d), n)));
          },
          py::arg("d"), py::arg("n"))
      .def(
          "working_days_between",
          [](const WorkCalendar& w, const py::handle& a, const py::handle& b) {
            return Unwrap(w.WorkingDaysBetween(ToDateArg(a, "a"), ToDateArg(b, "b")));
          },
          py::arg("a"), py::arg("b"))
      .def("__repr__", [](const WorkCalendar& w) { return "WorkCalendar('" + w.id() + "')"; })
      .def("__eq__",
           [](const WorkCalendar& a, const WorkCalendar& b) {
             return a.id() == b.id() &&
                    std::equal(a.texts().begin(), a.texts().end(), b.texts().begin(), b.texts().end());
           })
      .def("__reduce__", [](const WorkCalendar& w) {
        py::list texts;
        for (const std::string& t : w.texts()) texts.append(t);
        return py::make_tuple(py::module_::import("zhifa._pickle").attr("restore"),
                              py::make_tuple("_work_calendar_from_pickle", py::make_tuple(w.id(), texts)));
      });
  m.def("_work_calendar_from_pickle", &CalendarFromPickle);

  py::class_<Plan>(m, "Plan", "The plan's milestones, phases, materials and recurring duties.")
      .def_static("builtin", &Plan::Builtin, py::return_value_policy::copy)
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& source) { return Unwrap(Plan::FromText(text, source)); },
          py::arg("text"), py::arg("source") = "<string>")
      .def_static(
          "from_file", [](const std::string& path) { return Unwrap(Plan::FromFile(path), Lookup::kFile); },
          py::arg("path"))
      .def_property_readonly("id", &Plan::id)
      .def_property_readonly("title", &Plan::title)
      .def("milestones",
           [](const Plan& p) { return std::vector<Milestone>(p.milestones().begin(), p.milestones().end()); })
      .def("phases", [](const Plan& p) { return std::vector<Phase>(p.phases().begin(), p.phases().end()); })
      .def("materials",
           [](const Plan& p) {
             py::list out;
             for (const Material& x : p.materials()) {
               py::dict d;
               d["key"] = x.key;
               d["name"] = x.name;
               d["name_en"] = x.name_en;
               d["clause"] = x.clause;
               d["due"] = ToDate(p.FindMilestone(x.due)->date);
               out.append(d);
             }
             return out;
           })
      .def(
          "phase_on", [](const Plan& p, const py::handle& d) { return p.PhaseOn(ToDateArg(d)); }, py::arg("d"))
      .def(
          "deadlines",
          [](const Plan& p, const py::handle& on) {
            py::list out;
            for (const DeadlineStatus& d : p.Deadlines(ToDateArg(on, "on"))) {
              py::dict x;
              x["key"] = d.milestone->key;
              x["name"] = d.milestone->name;
              x["date"] = ToDate(d.milestone->date);
              x["clause"] = d.milestone->clause;
              x["days"] = d.days;
              out.append(x);
            }
            return out;
          },
          py::arg("on"))
      .def(
          "check_submission",
          [](const Plan& p, const std::string& material, const py::handle& submitted) {
            SubmissionCheck c = Unwrap(p.CheckSubmission(material, ToDateArg(submitted, "submitted")));
            py::dict x;
            x["material"] = c.material->key;
            x["due"] = ToDate(c.due);
            x["submitted"] = ToDate(c.submitted);
            x["on_time"] = c.on_time;
            x["days_late"] = c.days_late;
            x["message"] = c.message;
            return x;
          },
          py::arg("material"), py::arg("submitted"))
      .def(
          "_events",
          [](const Plan& p, int year, const WorkCalendar& work) { return EventList(Unwrap(p.Events(year, work))); },
          py::arg("year"), py::arg("work"))
      .def(
          "_to_ics",
          [](const Plan& p, int year, const WorkCalendar& work, const std::string& lang) {
            std::optional<Language> l = LanguageFromName(lang);
            if (!l) RaiseStatus(absl::InvalidArgumentError("lang " + lang + ": expected \"zh\" or \"en\""));
            return Unwrap(p.ToIcs(year, work, *l));
          },
          py::arg("year"), py::arg("work"), py::arg("lang") = "zh")
      .def("__repr__", [](const Plan& p) { return "Plan('" + p.id() + "')"; })
      .def("__eq__", [](const Plan& a, const Plan& b) { return a.text() == b.text(); })
      .def("__reduce__", [](const Plan& p) {
        return py::make_tuple(py::module_::import("zhifa._pickle").attr("restore"),
                              py::make_tuple("_plan_from_pickle", py::make_tuple(p.text())));
      });
  m.def("_plan_from_pickle", [](const py::tuple& t) {
    if (t.size() != 1 || !py::isinstance<py::str>(t[0]))
      RaiseStatus(absl::InvalidArgumentError("Plan: not a pickled plan"));
    return Unwrap(Plan::FromText(t[0].cast<std::string>(), "pickle"));
  });
}

}  // namespace zhifa::python

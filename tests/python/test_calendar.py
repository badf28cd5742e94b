"""zhifa.Plan, zhifa.WorkCalendar, and the registry's guidance map and leading group from Python."""

import datetime as dt

import pytest

import zhifa


def test_phase_boundaries():
    plan = zhifa.Plan.builtin()
    # 四(一) ends 04-30, 四(二) 05-15, 四(三) 05-31.
    assert plan.phase_on(dt.date(2021, 4, 30)).key == "self_inspection"
    phase = plan.phase_on(dt.date(2021, 5, 1))
    assert (phase.key, phase.name, phase.start, phase.end) == ("inspection", "督查检查阶段", dt.date(2021, 5, 1),
                                                                dt.date(2021, 5, 15))
    assert plan.phase_on("2021-05-31").key == "accountability"
    before = plan.phase_on(dt.date(2021, 4, 12))
    assert before.key == "before" and before.start is None and before.end == dt.date(2021, 4, 12)
    assert plan.phase_on(dt.datetime(2021, 6, 1, 9, 30)).key == "after"


def test_milestones_deadlines_and_submissions():
    plan = zhifa.Plan.builtin()
    ms = {m.key: m.date for m in plan.milestones()}
    assert ms["materials_due"] == dt.date(2021, 4, 25) and ms["accountability_end"] == dt.date(2021, 5, 31)
    days = {d["key"]: d["days"] for d in plan.deadlines(dt.date(2021, 4, 26))}
    # On 04-26: 04-25 was a day ago (-1); 04-30 is 4 days away.
    assert days["materials_due"] == -1 and days["self_inspection_end"] == 4
    assert len(plan.materials()) == 5
    ok = plan.check_submission("assigned_staff", dt.date(2021, 4, 24))
    assert ok["on_time"] and ok["days_late"] == 0
    late = plan.check_submission("assigned_staff", "2021-04-28")
    assert not late["on_time"] and late["days_late"] == 3  # 04-28 is three days after 04-25
    with pytest.raises(zhifa.NotFoundError, match="unknown material"):
        plan.check_submission("budget", dt.date(2021, 4, 1))


def test_work_calendar_across_may_day():
    w = zhifa.WorkCalendar.china(2021)
    assert w.is_working_day(dt.date(2021, 4, 25))  # Sunday worked (调休)
    assert not w.is_working_day(dt.date(2021, 5, 4))
    assert w.holiday_on(dt.date(2021, 5, 1)) == "劳动节"
    # The working day after Friday 04-30 is Thursday 05-06.
    assert w.add_working_days(dt.date(2021, 4, 30), 1) == dt.date(2021, 5, 6)
    # (04-30, 05-10]: 05-06, 05-07, 05-08 (Saturday worked), 05-10 (Monday) = 4.
    assert w.working_days_between(dt.date(2021, 4, 30), dt.date(2021, 5, 10)) == 4
    with pytest.raises(zhifa.NotFoundError, match="no built-in work calendar for 2030; built in: 2019-2026"):
        zhifa.WorkCalendar.china(2030)
    with pytest.raises(zhifa.InputError, match="not a date"):
        w.is_working_day("2021/13/01")
    assert w.is_working_day("2021/4/25")  # spreadsheet dates are dates


def test_work_calendars_never_guess():
    w2021 = zhifa.WorkCalendar.china(2021)
    # 2022-10-03 was 国庆节, a Monday: the weekend rule would call it a working day. china(2021) has no 2022 data.
    with pytest.raises(zhifa.CoverageError, match="2022-10-03 is outside the work calendar china-2021") as e:
        w2021.is_working_day("2022-10-03")
    assert isinstance(e.value, zhifa.InputError) and e.value.code == "OUT_OF_RANGE"
    with pytest.raises(zhifa.CoverageError):
        w2021.add_working_days(dt.date(2021, 12, 30), 3)
    every = zhifa.WorkCalendar.builtin()
    assert not every.is_working_day("2022-10-03")
    # 12-31 (Friday) is the first; 2022-01-01..03 off; 01-04 and 01-05 the next two.
    assert every.add_working_days(dt.date(2021, 12, 30), 3) == dt.date(2022, 1, 5)
    assert (every.first_day, every.last_day) == (dt.date(2018, 12, 29), dt.date(2026, 12, 31))
    assert zhifa.WorkCalendar.builtin_years() == list(range(2019, 2027))
    with pytest.raises(zhifa.CoverageError, match="no holiday data for 2030"):
        zhifa.Plan.builtin().events(2030)
    # Meetings of 2022 on the first working days of its notice; of 2021 from May (the plan is of 04-13).
    meetings = [e["date"] for e in zhifa.Plan.builtin().events(2022) if e["kind"] == "meeting"]
    assert meetings[0] == dt.date(2022, 1, 4) and meetings[4] == dt.date(2022, 5, 5) and meetings[9] == dt.date(2022, 10, 8)
    assert [e["date"] for e in zhifa.Plan.builtin().events() if e["kind"] == "meeting"][0] == dt.date(2021, 5, 6)


def test_files_and_texts_are_different_things(tmp_path):
    with pytest.raises(zhifa.FileMissingError, match="nosuch.toml") as e:
        zhifa.WorkCalendar.from_file(tmp_path / "nosuch.toml")
    assert isinstance(e.value, FileNotFoundError)
    with pytest.raises(zhifa.FileMissingError):
        zhifa.Plan.from_file("nosuch-plan.toml")
    with pytest.raises(zhifa.InputError, match="is a folder"):
        zhifa.Plan.from_file(tmp_path)


def test_plan_and_calendar_from_toml(tmp_path):
    text = ('id = "x"\ntitle = "x"\n[[milestone]]\nkey = "due"\nname = "截止"\nname_en = "due"\n'
            'date = 2022-03-31\nclause = "1"\nkind = "deadline"\n[[phase]]\nkey = "one"\nname = "一"\n'
            'name_en = "one"\nclause = "1"\nfrom = 2022-03-01\nuntil = 2022-03-31\n')
    plan = zhifa.Plan.from_text(text)
    assert plan.phase_on(dt.date(2022, 3, 15)).key == "one"
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    assert zhifa.Plan.from_file(path).id == "x"
    with pytest.warns(DeprecationWarning, match="use Plan.from_file"):
        assert zhifa.Plan.from_toml(path).id == "x"  # the guessing constructor warns and forwards
    with pytest.raises(zhifa.InputError, match=r"<string>:\d+: phase\[1\]"):
        zhifa.Plan.from_text(text.replace("until = 2022-03-31", "until = 2022-02-01"))
    w = zhifa.WorkCalendar.from_text('id = "w"\nfirst_day = 2022-01-01\nlast_day = 2022-12-31\n'
                                     '[[holiday]]\nname = "h"\nfrom = 2022-03-01\nuntil = 2022-03-02\n')
    assert not w.is_working_day(dt.date(2022, 3, 1)) and w.is_working_day(dt.date(2022, 3, 3))
    ics = plan.to_ics(2022, w)
    assert "DTSTART;VALUE=DATE:20220331" in ics


def test_ics_parses_back():
    ics = zhifa.Plan.builtin().to_ics()
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    unfolded = ics.replace("\r\n ", "").split("\r\n")
    events = [line for line in unfolded if line == "BEGIN:VEVENT"]
    # 7 milestones + 8 monthly meetings (3.2.6: May to December) + 2 case-file reviews (3.3.4).
    assert len(events) == 17
    assert "SUMMARY:整治问责阶段结束" in unfolded
    assert len(zhifa.Plan.builtin().events()) == 17
    assert "SUMMARY:accountability phase ends" in zhifa.Plan.builtin().to_ics(lang="en").replace("\r\n ", "")


def test_guidance_map_and_leading_group():
    g = zhifa.guidance_map()
    # 3.2.4: 8 departments, 22 townships, each township once.
    assert g["department_code"].nunique() == 8 and len(g) == 22 and g["township_code"].is_unique
    assert g.set_index("township")["department"]["郭庄乡"] == "文广旅局"
    lg = zhifa.leading_group()
    assert lg.iloc[0]["name"] == "黄静" and lg.iloc[0]["role"] == "组长"
    assert (lg["role"] == "成员").sum() == 34
    assert lg.attrs == {"office_unit": "justice", "office_director": "刘智兴"}


def test_resolve_unit_suggests():
    with pytest.raises(zhifa.UnknownUnitError, match="did you mean 市场监管局"):
        zhifa.resolve_unit("市场监督局")
    assert zhifa.resolve_unit("公安局交警大队").parent == "public_security"

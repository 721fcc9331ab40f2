"""Agencies and their offices, narrowed by district, "open now", step-free access and service.

The filtering is kiosk.core.agency_filter's; this screen turns the visitor's choices into
`Filters` and the matches into rows. Opened with a key (from a service page), the key is a
service's id and the list starts narrowed to the offices that provide it.

The filters take a few lines at the top, whatever the pack: a district and a service are
each chosen from a list of their own (a chooser that takes the place of the results), so
that the results are in sight at once. A region has dozens of districts: as chips they
filled the first screen of a big pack, and the list the visitor came for was below it.
"""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, ListProperty, OptionProperty, StringProperty
from kivy.utils import get_hex_from_color

from content.pack.reader import Pack
from kiosk.app import theme
from kiosk.app.screens.base import KioskScreen
from kiosk.app.widgets import ListButton, enclosing
from kiosk.core import agency_filter

theme.load_kv(__file__)

OFFICES_PER_ROW = 4
"""A row names at most this many offices; the agency's page lists them all."""

MAX_CHOICES = 30
"""The service chooser lists at most this many services of each category."""

MAX_ROWS = 25
"""Agencies listed at most: more rows cost drawing time and nobody reads them on a screen."""

_STATUS_ORDER = {True: 0, False: 1, None: 2}


class AgencyRow(ListButton):
    """One agency in the list, with the matching offices in its summary."""

    offices = ListProperty()
    """The ids of all the agency's offices that match the filters."""


class ServiceChoice(ListButton):
    """A service in the chooser; a tap narrows the list to it instead of opening it."""

    def on_release(self) -> None:
        enclosing(self, AgenciesScreen).choose_service(self.key)


class DistrictChoice(ListButton):
    """A district in the chooser ('' for all of them); a tap narrows the list to it."""

    def on_release(self) -> None:
        enclosing(self, AgenciesScreen).choose_district(self.key)


class AgenciesScreen(KioskScreen):
    released_on_leave = ("rows",)

    district = StringProperty("")
    """The chosen district's id; '' for all."""

    district_name = StringProperty("")
    """The chosen district's name, for the filter line; '' for all."""

    open_now = BooleanProperty(False)
    """Only offices that the pack's hours say are open now."""

    step_free = BooleanProperty(False)
    """Only offices with a confirmed step-free entrance."""

    service_id = StringProperty("")
    """Only offices that provide this service; '' for any."""

    service_name = StringProperty("")
    """The chosen service's name, for the filter line."""

    choosing = OptionProperty("", options=["", "service", "district"])
    """The chooser on show instead of the list: 'service', 'district', or '' for none."""

    status = StringProperty("")
    """How many were found, or, kindly, why nothing was."""

    more = StringProperty("")
    """Under a list cut at agency_filter.MAX_OFFICES: how many more there are."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pack = None
        self._catalogue: list = []
        self._key: str | None = None
        self._lang = "ru"
        # These leave the page and come back: keep the widgets, not kv's weak proxies.
        self._filters = self.ids.filters.__self__
        self._clear = {
            "service": (self.ids.service_row.__self__, self.ids.clear_service.__self__),
            "district": (self.ids.district_row.__self__, self.ids.clear_district.__self__),
        }
        theme.T.bind(good=self._theme_changed)

    def _theme_changed(self, *_args) -> None:
        # "Open now" is drawn in the theme's colour; only the screen on show needs it now.
        if self.manager is not None and self.manager.current == self.name:
            self._refresh()

    # -- showing -----------------------------------------------------------------------------

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        if self._pack is not pack:
            self._pack, self._catalogue = pack, agency_filter.catalogue(pack)
        if key != self._key:  # a new place; a language switch shows the same one again
            self._key = key
            self.service_id = key or ""
        self._lang = lang
        self.service_name = self._service_name()
        self.district_name = self._district_name()
        self.choosing = ""
        self._refresh()
        self.ids.page.scroll_y = 1

    def _service_name(self) -> str:
        if not self.service_id:
            return ""
        service = self._pack.service(self.service_id)
        return service["name"].get(self._lang) if service else ""

    def _district_name(self) -> str:
        if not self.district:
            return ""
        names = {d["id"]: d["name"].get(self._lang) for d in self._pack.districts()}
        return names.get(self.district, "")

    def on_open_now(self, *_args) -> None:
        self._refresh()

    def on_step_free(self, *_args) -> None:
        self._refresh()

    def filters(self) -> agency_filter.Filters:
        """The visitor's choices as the filter core takes them."""
        return agency_filter.Filters(
            district=self.district or None,
            service=self.service_id or None,
            open_now=self.open_now,
            step_free=self.step_free,
        )

    def _refresh(self) -> None:
        """The list for the current filters (or the service chooser), drawn again."""
        if self._pack is None:
            return
        self._place_filters()
        if self.choosing:
            self._fill_chooser()
        else:
            self._fill_results()

    def _place_filters(self) -> None:
        # "Any service" and "All districts" are there only while one is chosen.
        for kind, chosen in (("service", self.service_id), ("district", self.district)):
            row, clear = self._clear[kind]
            if chosen and clear.parent is None:
                row.add_widget(clear)
            elif not chosen and clear.parent is row:
                row.remove_widget(clear)
        column = self.ids.column.__self__
        if self.choosing and self._filters.parent is column:
            column.remove_widget(self._filters)
        elif not self.choosing and self._filters.parent is None:
            column.add_widget(self._filters, index=len(column.children))

    def _fill_results(self) -> None:
        from kiosk.app.live_translator import _, ngettext

        filters = self.filters()
        offices = (
            agency_filter.service_offices(self._pack, filters.service) if filters.service else None
        )
        matches = agency_filter.match(
            self._catalogue, filters, self.controllers.now(), service_offices=offices
        )
        good = "#" + get_hex_from_color(theme.T.good)[1:7]
        self.fill(self.ids.rows, self._result_rows(matches.agencies, good))
        found = len(matches.agencies)
        if found:
            self.status = ngettext(
                "Найдено {n} учреждение", "Найдено {n} учреждений", found
            ).format(n=found)
            if filters.open_now:
                self.status += ". " + _(
                    "Здесь только учреждения с известными часами работы. "
                    "Часы остальных уточните по телефону."
                )
        elif filters.step_free:
            self.status = _("Нет учреждений, где это подтверждено. Уточните по телефону.")
        elif filters.open_now:
            self.status = _(
                "Сейчас нет открытых учреждений с известными часами работы. "
                "У многих учреждений часы не указаны — уточните по телефону."
            )
        else:
            self.status = _(
                "По выбранным условиям учреждений нет. Выберите другой район или услугу."
            )
        self.more = (
            _("Показаны не все адреса, ещё: {n}. Выберите район или услугу.").format(n=matches.more)
            if matches.more
            else ""
        )

    def _result_rows(self, agencies: list[agency_filter.AgencyOffices], good: str):
        from kiosk.app.live_translator import _

        for group in agencies[:MAX_ROWS]:
            yield self._row(group, good)
        if len(agencies) > MAX_ROWS:
            yield Factory.Note(
                text=_(
                    "Показаны первые {n}. Выберите район или услугу, чтобы сузить список."
                ).format(n=MAX_ROWS)
            )

    def _row(self, group: agency_filter.AgencyOffices, good: str):
        from kivy.utils import escape_markup

        from kiosk.app.live_translator import ngettext
        from kiosk.app.markup import agency_kind, office_line

        agency, lang = group.agency, self._lang
        lines = []
        short = agency["short_name"].get(lang) if agency["short_name"] else ""
        kind = agency_kind(agency)
        if short or kind:
            lines.append(" · ".join(f"[b]{escape_markup(t)}[/b]" for t in (short, kind) if t))
        # Offices open now first, then those with known hours: the most useful in sight.
        offices = sorted(group.offices, key=lambda o: _STATUS_ORDER[o.open_now])
        for office in offices[:OFFICES_PER_ROW]:
            lines.append("• " + office_line(office.location, office.open_now, lang, good))
        rest = len(group.offices) - OFFICES_PER_ROW
        if rest > 0:
            lines.append(
                ngettext(
                    "и ещё {n} адрес на странице учреждения",
                    "и ещё {n} адресов на странице учреждения",
                    rest,
                ).format(n=rest)
            )
        return AgencyRow(
            target="agency",
            key=agency["id"],
            title=agency["name"].get(lang),
            summary_markup="\n".join(lines),
            offices=[o.location["id"] for o in group.offices],
        )

    # -- the choosers ------------------------------------------------------------------------

    def open_chooser(self, kind: str = "service") -> None:
        """Show the list of services (`kind` 'service') or districts ('district') to pick from."""
        self.choosing = kind
        self._refresh()
        self.ids.page.scroll_y = 1

    def close_chooser(self) -> None:
        self.choosing = ""
        self._refresh()
        self.ids.page.scroll_y = 1

    def choose_district(self, district_id: str) -> None:
        """Narrow the list to `district_id`'s offices ('' for every district)."""
        self.district = district_id
        self.district_name = self._district_name()
        self.close_chooser()

    def choose_service(self, service_id: str) -> None:
        self.service_id = service_id
        self.service_name = self._service_name()
        self.close_chooser()

    def clear_service(self) -> None:
        self.service_id = ""
        self.service_name = ""
        self._refresh()

    def _fill_chooser(self) -> None:
        from kiosk.app.live_translator import _

        self.more = ""
        if self.choosing == "district":
            self.status = _("Выберите район или город: покажем учреждения там.")
            self.fill(self.ids.rows, self._district_choices(self._lang))
        else:
            self.status = _("Выберите услугу: покажем, где её оказывают.")
            self.fill(self.ids.rows, self._choices(self._lang))

    def _district_choices(self, lang: str):
        """Cancel, every district, then each district with offices, with how many."""
        from kiosk.app.live_translator import _, ngettext

        offices: dict[str, int] = {}
        for agency in self._catalogue:
            for location in agency["locations"]:
                district = location.get("district_id")
                offices[district] = offices.get(district, 0) + 1

        def count(n: int) -> str:
            return ngettext("{n} адрес", "{n} адресов", n).format(n=n)

        yield Factory.DistrictChooserCancel()
        yield DistrictChoice(key="", title=_("Все районы"), summary=count(sum(offices.values())))
        for district in agency_filter.districts_with_offices(self._pack, self._catalogue):
            yield DistrictChoice(
                key=district["id"],
                title=district["name"].get(lang),
                summary=count(offices[district["id"]]),
            )

    def _choices(self, lang: str):
        from kiosk.app.live_translator import _

        yield Factory.ChooserCancel()
        for category in self._pack.categories():
            services = self._pack.services_in_category(category["id"], limit=MAX_CHOICES + 1)
            if not services:
                continue
            yield Factory.Heading(text=category["title"].get(lang))
            for service in services[:MAX_CHOICES]:
                yield ServiceChoice(key=service["id"], title=service["name"].get(lang))
            if len(services) > MAX_CHOICES:
                yield Factory.Note(
                    text=_("Показаны первые {n}. Остальные найдёт поиск.").format(n=MAX_CHOICES)
                )

    # -- between visitors --------------------------------------------------------------------

    def reset(self) -> None:
        self.service_id = ""
        self.service_name = ""
        self.district = ""
        self.open_now = False
        self.step_free = False
        self.choosing = ""
        self.district_name = ""
        self._key = None
        self._place_filters()
        self.ids.rows.clear_widgets()
        self.status = self.more = ""

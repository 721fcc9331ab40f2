"""The benefit finder's result: what probably fits, what may fit, and why, as a hint; on
request, what does not fit and which answer rules it out. Each row says the benefit's
conditions (with any time limit to apply), its amount and where to apply, where the content
has them.

The findings are worked out by the pure core (kiosk.core.finder.RuleBook) from the answers
in the visit's `data.finder_answers` each time the screen is shown, so a language switch or a return
from a service page shows them afresh; nothing of them is kept here.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty
from kivy.utils import escape_markup

from content.pack.reader import Pack
from content.rules import Answer
from kiosk.app import theme
from kiosk.app.screens.base import ALL_AT_ONCE, AT_ONCE, KioskScreen
from kiosk.core.finder import Finding, RuleBook, minimums_from_pack, rules_from_pack
from kiosk.core.finder_wording import explain

theme.load_kv(__file__)


_PARTS = (
    "notice",
    "nothing",
    "actions",
    "add_all",
    "start_over",
    "message",
    "yes_group",
    "maybe_group",
    "why_not_row",
    "no_group",
)
"""The ids of the page's parts that _arrange() puts on and takes off the page."""


MAX_PER_GROUP = 20
"""Rows shown per group: a large pack can match thousands of services to one answer."""


class FinderResultScreen(KioskScreen):
    released_on_leave = ("yes_rows", "maybe_rows", "no_rows")

    has_yes = BooleanProperty(False)
    """True when something probably fits: the "add all to my list" button shows then."""

    has_maybe = BooleanProperty(False)
    """True when something may fit once a fact is checked."""

    nothing = BooleanProperty(False)
    """True when nothing fits the answers: the screen then says where else to look."""

    all_in_list = BooleanProperty(False)
    """True when every probable benefit is on "my list" already."""

    message = StringProperty("")
    """A short answer to "add all to my list", or ''."""

    has_no = BooleanProperty(False)
    """True when some benefit does not fit: the "why not the others?" button shows then."""

    showing_no = BooleanProperty(False)
    """True once the visitor asked why the other benefits do not fit."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pack: Pack | None = None
        self._book = RuleBook([])
        self._minimums = None
        self._shown_yes: list[str] = []  # the probable benefits on show, for "add all"
        # kv's ids are weak: the parts taken off the page by _arrange() must be held here.
        self._parts = {name: self.ids[name].__self__ for name in _PARTS}

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        if pack is not self._pack:
            self._book = RuleBook(rules_from_pack(pack))
            self._minimums = minimums_from_pack(pack)
            self._pack = pack
        answers = self.controllers.visit.data.finder_answers
        judgement = self._book.judge(answers, self._minimums)
        self._shown_yes = [f.service_id for f in judgement.first(Answer.YES, MAX_PER_GROUP)]
        self.has_yes = judgement.count(Answer.YES) > 0
        self.has_maybe = judgement.count(Answer.MAYBE) > 0
        self.nothing = not (self.has_yes or self.has_maybe)
        self.has_no = judgement.count(Answer.NO) > 0
        fresh = self.manager is not None and self.manager.current == "finder"
        if fresh:
            self.showing_no = False
            # A run of the finder is its result reached from the questions: not a return
            # from a service page, nor the same result in another language.
            self.controllers.usage.finder_ran(self._shown_yes)
        self._update_in_list()
        self.message = ""
        self._arrange()
        districts = {row["id"]: row["name"].get(lang) for row in pack.districts()}
        said = _Said(districts, self._minimums, dict(answers))
        # Fresh from the questions: the top. Back from a service page: the place in the
        # list, which needs the whole list there at once to stay put.
        # The maybes come below the likely ones: they get what is left of a screenful.
        in_view = AT_ONCE
        groups = [(self.ids.yes_rows, Answer.YES), (self.ids.maybe_rows, Answer.MAYBE)]
        if self.showing_no:
            groups.append((self.ids.no_rows, Answer.NO))
        else:
            self.ids.no_rows.clear_widgets()
        for rows, answer in groups:
            # Maybes that need fewest answers checked come first: the likeliest of them.
            shown = judgement.first(answer, MAX_PER_GROUP)
            widgets = [
                partial(_row, pack.service_row(finding.service_id), finding, lang, said)
                for finding in shown
            ]
            total = judgement.count(answer)
            if total > MAX_PER_GROUP:
                more = escape_markup(_more(total - MAX_PER_GROUP))
                widgets.append(partial(Factory.Note, text=more))
            in_view = self.rows_in_view(rows, in_view)
            self.fill(rows, (make() for make in widgets), at_once=in_view if fresh else ALL_AT_ONCE)
            in_view = max(0, in_view - len(widgets))
        if fresh:
            self.ids.page.scroll_y = 1

    def add_all_to_list(self) -> None:
        """Put every probable benefit on show on "my list"; those already on it stay, once.

        Those on show, not all: a large pack can find thousands, and a list of thousands
        is one nobody can print or scan.
        """
        from kiosk.app.live_translator import _

        printing = self.controllers.printing
        added = 0
        for service_id in self._shown_yes:
            if not printing.in_list("service", service_id):
                printing.toggle("service", service_id)
                added += 1
        self._update_in_list()
        if added:
            self.message = _("Добавлено в ваш список. Его можно открыть кнопкой «Мой список».")
        self._arrange()

    def show_why_not(self) -> None:
        """Show the benefits that do not fit, each with the answer that rules it out."""
        self.showing_no = True
        if self._pack is not None:
            self.show(self._pack, None, self.controllers.visit.lang)

    def start_over(self) -> None:
        """Forget the answers and go back to the first question."""
        self.controllers.visit.data.finder_answers.clear()
        # Back to the finder, which starts at question 1 when there are no answers.
        self.controllers.navigator.back()

    def reset(self) -> None:
        self.message = ""
        self._shown_yes = []
        self.showing_no = False
        self.ids.yes_rows.clear_widgets()
        self.ids.maybe_rows.clear_widgets()
        self.ids.no_rows.clear_widgets()

    def _arrange(self) -> None:
        """Put on the page only the parts that have something to say, in their order."""
        p = self._parts
        p["actions"].clear_widgets()
        for button, shown in ((p["add_all"], self.has_yes), (p["start_over"], True)):
            if shown:
                p["actions"].add_widget(button)
        column = self.ids.column
        column.clear_widgets()
        parts = [
            (p["notice"], True),
            (p["nothing"], self.nothing),
            (p["actions"], True),
            (p["message"], bool(self.message)),
            (p["yes_group"], self.has_yes),
            (p["maybe_group"], self.has_maybe),
            (p["why_not_row"], self.has_no and not self.showing_no),
            (p["no_group"], self.has_no and self.showing_no),
        ]
        for part, shown in parts:
            if shown:
                column.add_widget(part)

    def _update_in_list(self) -> None:
        printing = self.controllers.printing
        self.all_in_list = all(printing.in_list("service", sid) for sid in self._shown_yes)


def _more(count: int) -> str:
    from kiosk.app.live_translator import ngettext

    return ngettext(
        "И ещё %(n)d. Чтобы найти нужное, откройте раздел или воспользуйтесь поиском.",
        "И ещё %(n)d. Чтобы найти нужное, откройте раздел или воспользуйтесь поиском.",
        count,
    ) % {"n": count}


class _Said(NamedTuple):
    """What explain() needs beyond the reason: district names, the minimum, the answers."""

    districts: dict[str, str]
    minimums: object
    answers: dict


def _row(service, finding: Finding, lang: str, said: _Said):
    """A service with the answers behind its finding and, for a maybe, what to check; then
    its conditions, amount and where to apply, where the content has them."""
    from kiosk.app.live_translator import _, ngettext

    def say(reason) -> str:
        return escape_markup(
            explain(reason, _, ngettext, said.districts, said.minimums, said.answers)
        )

    if finding.answer is Answer.NO:
        lines = ["[b]" + escape_markup(_("Не подходит:")) + "[/b]"]
        lines += ["• " + say(reason) for reason in finding.reasons]
    else:
        lines = ["• " + say(reason) for reason in finding.reasons]
    if finding.to_check:
        lines.append("[b]" + escape_markup(_("Нужно уточнить:")) + "[/b]")
        lines += ["• " + say(reason) for reason in finding.to_check]
    for label, field in (
        (_("Условия:"), "eligibility"),
        (_("Размер:"), "amount"),
        (_("Куда обращаться:"), "apply_in_person"),
    ):
        text = service.get(field) if service else None
        if text and finding.answer is not Answer.NO or text and field == "eligibility":
            lines.append("[b]" + escape_markup(label) + "[/b] " + escape_markup(text.get(lang)))
    return Factory.ServiceButton(
        key=finding.service_id,
        title=service["name"].get(lang) if service else finding.service_id,
        summary_markup="\n".join(lines),
    )

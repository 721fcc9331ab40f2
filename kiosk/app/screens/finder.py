"""The benefit finder: one question per screen, one tap per answer, then the result.

Which question comes next is the pure core's choice (kiosk/core/finder_next.py): only what
some benefit still open depends on, the question that settles the most first. This screen
shows it and keeps the answers in the visit's `data.finder_answers` (fact -> value, None for
"skip / don't know"), in the order they were given, which the session reset wipes. The
bottom bar's Back leaves the finder; "back to the previous question" is the finder's own
button: it takes back the last answer, whose button stays lit until another is tapped.
"""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from content.pack.reader import Pack
from kiosk.app import theme
from kiosk.app.screens.base import KioskScreen
from kiosk.core.finder import (
    RuleBook,
    districts_from_pack,
    minimums_from_pack,
    option_text,
    question_hint,
    rules_from_pack,
)
from kiosk.core.finder_next import ranked_questions
from kiosk.core.finder_questions import Option, Question

theme.load_kv(__file__)

RESULT = "finder_result"
"""The screen the last answer opens."""


class FinderScreen(KioskScreen):
    index = NumericProperty(0)
    """How many questions are answered (or skipped): the one on show is number index + 1."""

    count = NumericProperty(0)
    """Questions answered plus those still worth asking: shrinks as answers settle benefits."""

    fact = StringProperty("")
    """The fact the question on show asks about ('' when there is none)."""

    progress = StringProperty("")
    """"Question 2"."""

    question = StringProperty("")
    """The question on show, in the visitor's language."""

    hint = StringProperty("")
    """A sentence of help under the question."""

    can_go_back = BooleanProperty(False)
    """False on the first question: there is no previous one to go back to."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pack: Pack | None = None
        self._rules: list = []
        self._districts: list = []
        self._minimums = None
        self._question: Question | None = None
        self._recalled: dict[str, object] = {}  # answers taken back by "previous"
        self._lang = "ru"

    @property
    def question_on_show(self) -> Question | None:
        return self._question

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        if pack is not self._pack:  # the questions depend on the pack's rules only
            self._rules = RuleBook(rules_from_pack(pack)).rules
            self._districts = districts_from_pack(pack)
            self._minimums = minimums_from_pack(pack)
            self._pack = pack
        self._lang = lang
        # show() runs before the screen manager switches: `current` is where we come from.
        coming_from = self.manager.current if self.manager else None
        if coming_from == RESULT:
            self._take_back()  # the last question again, the other answers kept
        elif coming_from != self.name:  # a new run, from Home or anywhere else
            self._answers().clear()
            self._recalled.clear()
        # else: a language switch redraws the question on show
        self._fill()

    def reset(self) -> None:
        self._recalled.clear()
        self._fill()

    # -- what the buttons call ---------------------------------------------------------------

    def answer(self, option: Option | None) -> None:
        """Record the answer to the question on show (None: skipped), then move on."""
        if self._question is not None:
            self._answers()[self._question.fact] = None if option is None else option.value
        if not self._fill():
            self.controllers.navigator.open(RESULT)

    def previous(self) -> None:
        """Back to the question before; its answer stays selected until changed."""
        if self._take_back():
            self._fill()

    # -- drawing -----------------------------------------------------------------------------

    def _take_back(self) -> bool:
        answers = self._answers()
        if not answers:
            return False
        fact, value = answers.popitem()  # the answers keep the order they were given in
        self._recalled[fact] = value
        return True

    def _fill(self) -> bool:
        """Show the next question; False when there is none left to ask."""
        from kiosk.app.live_translator import _

        answers = self._answers()
        ranked = ranked_questions(self._rules, answers, self._districts, self._minimums)
        self._question = ranked[0][0] if ranked else None
        self.index = len(answers)
        self.count = len(answers) + len(ranked)
        self.can_go_back = bool(answers)
        row = self.ids.options
        row.clear_widgets()
        if self._question is None:
            self.fact = ""
            self.progress = ""
            self.question = _("Для подбора пока нет вопросов.")
            self.hint = _("Нажмите «Пропустить», чтобы увидеть результат.")
            return False
        question = self._question
        self.fact = question.fact
        self.progress = _("Вопрос {n}").format(n=self.index + 1)
        self.question = _(question.text)
        self.hint = question_hint(question, _)
        chosen = self._recalled.get(question.fact, _UNANSWERED)
        for option in question.options:
            chip = Factory.AnswerChip(
                text=option_text(option, self._lang, _),
                state="down" if _same(chosen, option.value) else "normal",
            )
            chip.bind(on_release=lambda _chip, option=option: self.answer(option))
            row.add_widget(chip)
        self.ids.page.scroll_y = 1
        return True

    def _answers(self) -> dict[str, object]:
        return self.controllers.visit.data.finder_answers


_UNANSWERED = object()


def _same(chosen: object, value: object) -> bool:
    # True == 1 in Python: a yes/no answer must not light up the "1 child" button.
    return chosen is not _UNANSWERED and type(chosen) is type(value) and chosen == value

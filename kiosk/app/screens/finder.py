"""The benefit finder: one question per screen, one tap per answer, then the result.

The questions and their wording come from the pure core (kiosk/core/finder.py); this screen only
shows them and keeps the answers in the visit's `data.finder_answers` (fact -> value, None for
"skip / don't know"), which the session reset wipes. The bottom bar's Back leaves the
finder; "back to the previous question" is the finder's own button.
"""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from content.pack.reader import Pack
from kiosk.app import theme
from kiosk.app.screens.base import KioskScreen
from kiosk.core.finder import districts_from_pack, questions_for, rules_from_pack
from kiosk.core.finder_questions import Option, Question

theme.load_kv(__file__)

RESULT = "finder_result"
"""The screen the last answer opens."""


class FinderScreen(KioskScreen):
    index = NumericProperty(0)
    """The question on show, counted from 0."""

    count = NumericProperty(0)
    """How many questions this pack's rules need."""

    progress = StringProperty("")
    """"Question 2 of 9"."""

    question = StringProperty("")
    """The question on show, in the visitor's language."""

    hint = StringProperty("")
    """A sentence of help under the question."""

    can_go_back = BooleanProperty(False)
    """False on the first question: there is no previous one to go back to."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pack: Pack | None = None
        self._questions: list[Question] = []
        self._lang = "ru"

    @property
    def questions(self) -> list[Question]:
        """The questions worth asking for the pack on show, in the order they are asked."""
        return list(self._questions)

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        if pack is not self._pack:  # the questions depend on the pack's rules only
            rules = [rule for _sid, rule in rules_from_pack(pack)]
            self._questions = questions_for(rules, districts_from_pack(pack))
            self._pack = pack
        self._lang = lang
        self.count = len(self._questions)
        # show() runs before the screen manager switches: `current` is where we come from.
        coming_from = self.manager.current if self.manager else None
        answers = self._answers()
        if coming_from == RESULT:
            # Back from the result: the last question, the answers kept (unless started over).
            self.index = max(0, self.count - 1) if answers else 0
        elif coming_from != self.name:  # a new run, from Home or anywhere else
            answers.clear()
            self.index = 0
        # else: a language switch redraws the question on show
        self._fill()

    def reset(self) -> None:
        self.index = 0
        self._fill()

    # -- what the buttons call ---------------------------------------------------------------

    def answer(self, option: Option | None) -> None:
        """Record the answer to the question on show (None: skipped), then move on."""
        if self.index < self.count:
            self._answers()[self._questions[self.index].fact] = (
                None if option is None else option.value
            )
        if self.index + 1 < self.count:
            self.index += 1
            self._fill()
        else:
            self.controllers.navigator.open(RESULT)

    def previous(self) -> None:
        """Back to the question before; its answer stays selected until changed."""
        if self.index > 0:
            self.index -= 1
            self._fill()

    # -- drawing -----------------------------------------------------------------------------

    def _fill(self) -> None:
        from kiosk.app.live_translator import _

        self.can_go_back = self.index > 0
        row = self.ids.options
        row.clear_widgets()
        if not self._questions:
            self.progress = ""
            self.question = _("Для подбора пока нет вопросов.")
            self.hint = _("Нажмите «Пропустить», чтобы увидеть результат.")
            return
        question = self._questions[self.index]
        self.progress = _("Вопрос {n} из {total}").format(n=self.index + 1, total=self.count)
        self.question = _(question.text)
        self.hint = _(question.hint)
        answers = self._answers()
        chosen = answers.get(question.fact) if question.fact in answers else _UNANSWERED
        for option in question.options:
            label = option.label_en if self._lang == "en" and option.label_en else _(option.label)
            chip = Factory.AnswerChip(
                text=label,
                state="down" if _same(chosen, option.value) else "normal",
            )
            chip.bind(on_release=lambda _chip, option=option: self.answer(option))
            row.add_widget(chip)
        self.ids.page.scroll_y = 1

    def _answers(self) -> dict[str, object]:
        return self.controllers.visit.data.finder_answers


_UNANSWERED = object()


def _same(chosen: object, value: object) -> bool:
    # True == 1 in Python: a yes/no answer must not light up the "1 child" button.
    return chosen is not _UNANSWERED and type(chosen) is type(value) and chosen == value

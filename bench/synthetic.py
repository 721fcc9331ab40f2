"""A deterministic synthetic content pack for benchmarks: N services (default 100,000).

    .venv/bin/python -m bench.synthetic [--services 100000] [--out PATH]

Texts are realistic in their statistics, not in their meaning: titles are built from a
benefits vocabulary (пособие, выплата, компенсация, многодетная семья, ЖКУ, капремонт ...)
in its inflected forms; summaries (~20 words) and bodies (~150 words) draw word forms from a
vocabulary of several thousand Russian forms (stems x case/number/gender endings) with a Zipf
distribution, mixed with function words, numbers, dates, law references and a long tail of
place names, as real benefit descriptions have. About a third of the items have English too.
Categories and synonyms are the demo pack's; ~300 agencies with ~700 offices over 45 districts.

The content is built as model objects and written with content.publisher.build.write_pack (no YAML).
`cached_pack(n)` keeps the result in bench/.cache/, keyed by N, GENERATOR_VERSION and a hash
of the builder's sources, so a change to the index format rebuilds the pack by itself.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from bisect import bisect
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from content.model import (  # noqa: E402
    Address,
    Agency,
    Content,
    District,
    Event,
    Location,
    OpeningHours,
    PackInfo,
    Phone,
    Service,
    Text,
)

GENERATOR_VERSION = 2
DEFAULT_SERVICES = 100_000
SEED = 20261120
CACHE = Path(__file__).resolve().parent / ".cache"
BUILDER_SOURCES = (
    "content/publisher/build.py",
    "content/publisher/search_index.py",
    "content/textnorm.py",
    "content/pack/format.py",
    "content/model.py",
)
"""The pack is rebuilt when one of these changes; bump GENERATOR_VERSION when the generator does."""

# -- Russian morphology: stems x endings ---------------------------------------------------

_ENDINGS = {
    # nouns: the singular and plural case endings of each declension pattern
    "fem_a": ("а", "ы", "е", "у", "ой", "ам", "ами", "ах", ""),
    "fem_ka": ("а", "и", "е", "у", "ой", "ам", "ами", "ах"),
    "fem_ia": ("ия", "ии", "ию", "ией", "ий", "иям", "иями", "иях"),
    "fem_soft": ("ь", "и", "ью", "ей", "ям", "ями", "ях"),
    "neut_ie": ("ие", "ия", "ию", "ием", "ии", "ий", "иям", "иями", "иях"),
    "neut_o": ("о", "а", "у", "ом", "е", "ам", "ами", "ах", ""),
    "masc": ("", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"),
    "masc_k": ("", "а", "у", "ом", "е", "и", "ов", "ам", "ами", "ах"),
    "masc_soft": ("ь", "я", "ю", "ем", "е", "и", "ей", "ям", "ями", "ях"),
    # adjectives and participles: gender, number and case
    "adj": ("ый", "ая", "ое", "ые", "ого", "ой", "ому", "ым", "ыми", "ых", "ую"),
    "adj_k": ("ий", "ая", "ое", "ие", "ого", "ой", "ому", "им", "ими", "их", "ую"),
    "adj_soft": ("ий", "ая", "ее", "ие", "его", "ей", "ему", "им", "ими", "их", "ую"),
    "adj_o": ("ой", "ая", "ое", "ые", "ого", "ому", "ым", "ыми", "ых", "ую"),
    # verbs: infinitive, present, past, imperative, verbal noun
    "verb_at": ("ать", "ает", "ают", "ал", "ала", "али", "айте", "ание", "ания"),
    "verb_yat": ("ять", "яет", "яют", "ял", "яла", "яли", "яйте", "яние", "яния"),
    "verb_it": ("ить", "ит", "ят", "ил", "ила", "или", "ите"),
}

_STEMS = {
    "fem_a": "выплат доплат льгот пенси работ квартир плат сумм очеред групп карт программ "
    "квот школ больниц поликлиник аптек палат мам вдов сирот опек родин столиц "
    "анкет запис процедур безработиц субсидированн стипенди",
    "fem_ka": "справк надбавк заявк поддержк путевк бабушк дочк выставк коляск услуг "
    "книжк памятк доставк оценк проверк выписк прописк страховк",
    "fem_ia": "компенсац субсид пенс реабилитац категор комисс консультац стипенд экскурс "
    "организац администрац документац информац ситуац квалификац "
    "регистрац индексац операц санац территор лекц",
    "fem_soft": "инвалидност помощ занятост нетрудоспособност беременност "
    "ответственност возможност доверенност собственност стоимост жизн област "
    "потребност необходимост деятельност част новост молодеж",
    "neut_ie": "пособ обучен заявлен удостоверен назначен лечен обеспечен страхован "
    "образован учрежден отделен решен рассмотрен получен "
    "оформлен подтвержден продлен возмещен содержан сопровожден приобретен "
    "изменен прекращен восстановлен направлен предоставлен уведомлен "
    "переобучен обслуживан питан проживан соглашен",
    "neut_o": "свидетельств государств имуществ гражданств лекарств "
    "устройств трудоустройств попечительств отчеств мест дел прав лиц "
    "средств окн письм количеств качеств министерств агентств",
    "masc": "ветеран пенсионер инвалид ремонт капремонт документ паспорт полис центр фонд "
    "доход район округ сертификат опекун "
    "приказ закон указ размер срок расчет адрес телефон прием "
    "контракт капитал транспорт проезд лимит налог вычет "
    "минимум стандарт месяц год уход отпуск труд стаж статус тариф "
    "кабинет портал сайт кредит долг счет банк договор аванс бюджет "
    "участник специалист работник волонтер психолог юрист врач "
    "инспектор консультант оператор педагог студент школьник "
    "протез слух газ свет дом двор подъезд лифт пандус "
    "курс урок экзамен диплом навык интернет компьютер смартфон пароль",
    "masc_k": "внук ученик выпускник учебник справочник понедельник вторник праздник садик",
    "masc_soft": "родител заявител получател представител учител воспитател работодател "
    "жител пользовател руководител смотрител водител покупател "
    "рубл календар словар автомобил",
    "adj": "ежемесячн единовременн ежегодн социальн региональн федеральн денежн "
    "многодетн малообеспеченн бесплатн льготн семейн краев "
    "муниципальн государственн пенсионн страхов санаторн "
    "жилищн коммунальн капитальн трудов боев "
    "налогов обязательн дополнительн полн частичн временн постоянн "
    "нов стар мал продовольственн специальн военн "
    "адресн срочн электронн личн официальн признанн "
    "одинок приемн школьн дошкольн "
    "профессиональн учебн образовательн цифров компьютерн "
    "реабилитационн протезн зрительн",
    "adj_k": "материнск медицинск ветеранск ортопедическ техническ опекунск родительск "
    "детск русск пермск уральск юридическ психологическ городск сельск",
    "adj_soft": "малоимущ нуждающ работающ неработающ проживающ имеющ получающ "
    "обучающ ухаживающ сопровождающ действующ следующ предыдущ текущ общ",
    "adj_o": "пожил втор слухов молод",
    "verb_at": "получ выплачив рассчитыв подтвержд обращ рассматрив продлев прекращ "
    "возмещ оплачив приним подав узнав изуч включ назнач сообщ уменьш увеличив",
    "verb_yat": "оформл предоставл отправл заполн восстанавл направл измен "
    "продл выполн провер уведомл объявл",
    "verb_it": "получ оплат определ установ подтверд прекрат выдел оформ направ предостав "
    "сохран продл измен обуч поступ уточн заплат разреш",
}

# Everyday and official words that do not decline (abbreviations) or whose forms are irregular.
_FIXED_RU = (
    "ЖКУ ЖКХ ОВЗ МФЦ СФР ПФР ОМС ТСР СВО ИНН СНИЛС ЗАГС ФЗ ЕГРН ИПРА МСЭ ЦЗН КЦСОН "
    "дети детей детям детьми детях ребёнок ребёнка ребёнку ребёнком ребёнке люди людей людям "
    "многодетная многодетной многодетные многодетных многодетным семья семьи семье семью "
    "семьёй семей семьям семьями ЖКХ коммуналка коммуналку квартплата квартплату маткапитал "
    "Госуслуги Госуслугах Госуслуг онлайн рублей рубля рубль процентов процента тысяч тысячи "
    "раз год года лет месяца месяцев дня дней неделю недели"
).split()

# Function words (mostly the search's stop words) as they occur in running text.
_FUNCTION = (
    "в в в и и и на на по по с для для от к из за до о при без не или а что это как "
    "если то также только все всех его их который которые которая можно нужно"
).split()

# Pieces for the long tail of place names: villages, streets, surnames.
_SYLLABLES_A = (
    "верх нижн больш мал стар нов кам ус чер бел крас сив кос юр кул ель ос орд "
    "добр солн берез лис мед вол рыб соль ключ гор лог тал кудым юсьв кочев гайн"
).split()
_SYLLABLES_B = "ка ва ла на ма ра та ша ля ня ко во ло но ро то ги ни ли ми ри ти ши бо жа".split()
_SYLLABLES_C = "ово ево ино ское цкое ск ка ово ята иха ша ны ье ики а ой".split()

_EN_WORDS = (
    "benefit allowance payment compensation subsidy grant pension pensioner child children "
    "family families large low income household disability disabled veteran veterans "
    "utility utilities housing repair repairs capital employment unemployment job jobs work "
    "training course courses education school student students health care medical insurance "
    "office offices centre center social fund regional federal monthly annual one-off "
    "certificate document documents passport application apply applied applying received "
    "receive receives paid pay pays amount rouble roubles month months year years age older "
    "people person parent parents mother mothers father widow guardian foster adoption "
    "rehabilitation wheelchair assistive devices device sanatorium voucher medicines free "
    "discount discounts transport travel legal aid lawyer support service services help "
    "home visit visits nurse caregiver allowance allowances supplement supplements contract "
    "digital skills computer smartphone internet portal gosuslugi online safety fraud scam "
    "district city village krai perm region local agency ministry decision review reviewed "
    "eligible eligibility condition conditions income per capita minimum subsistence level "
    "child's birth newborn pregnancy pregnant maternity capital loan mortgage energy heating "
    "water gas electricity rent bills bill account bank card mir register registered "
    "registration status category categories group groups first second third combat labour"
).split()

DISTRICT_NAMES = (
    ("perm", "Пермь", "Perm"),
    ("berezniki", "Березники", "Berezniki"),
    ("solikamsk", "Соликамск", "Solikamsk"),
    ("kungur", "Кунгур", "Kungur"),
    ("chaykovsky", "Чайковский", "Chaykovsky"),
    ("lysva", "Лысьва", "Lysva"),
    ("kudymkar", "Кудымкар", "Kudymkar"),
    ("krasnokamsk", "Краснокамск", "Krasnokamsk"),
    ("chusovoy", "Чусовой", "Chusovoy"),
    ("dobryanka", "Добрянка", "Dobryanka"),
    ("gubakha", "Губаха", "Gubakha"),
    ("kizel", "Кизел", "Kizel"),
    ("osa", "Оса", "Osa"),
    ("ochyor", "Очёр", "Ochyor"),
    ("vereshchagino", "Верещагино", "Vereshchagino"),
    ("nytva", "Нытва", "Nytva"),
    ("kungur-district", "Кунгурский округ", "Kungur district"),
    ("chernushka", "Чернушка", "Chernushka"),
    ("kueda", "Куеда", "Kueda"),
    ("barda", "Барда", "Barda"),
    ("orda", "Орда", "Orda"),
    ("suksun", "Суксун", "Suksun"),
    ("kishert", "Кишерть", "Kishert"),
    ("ilinsky", "Ильинский", "Ilinsky"),
    ("karagay", "Карагай", "Karagay"),
    ("sivа", "Сива", "Siva"),
    ("yurla", "Юрла", "Yurla"),
    ("kochyovo", "Кочёво", "Kochyovo"),
    ("gayny", "Гайны", "Gayny"),
    ("kosa", "Коса", "Kosa"),
    ("yusva", "Юсьва", "Yusva"),
    ("cherdyn", "Чердынь", "Cherdyn"),
    ("krasnovishersk", "Красновишерск", "Krasnovishersk"),
    ("alexandrovsk", "Александровск", "Alexandrovsk"),
    ("gremyachinsk", "Гремячинск", "Gremyachinsk"),
    ("gornozavodsk", "Горнозаводск", "Gornozavodsk"),
    ("uinskoye", "Уинское", "Uinskoye"),
    ("oktyabrsky", "Октябрьский", "Oktyabrsky"),
    ("bolshaya-sosnova", "Большая Соснова", "Bolshaya Sosnova"),
    ("elovo", "Елово", "Elovo"),
    ("chastye", "Частые", "Chastye"),
    ("permsky", "Пермский округ", "Perm district"),
    ("ust-kachka", "Усть-Качка", "Ust-Kachka"),
    ("polazna", "Полазна", "Polazna"),
    ("zvyozdny", "Звёздный", "Zvyozdny"),
)

# Title building blocks: head nouns by gender, with agreeing adjectives, and modifiers.
_HEADS = (
    ("пособие", "n"),
    ("выплата", "f"),
    ("компенсация", "f"),
    ("субсидия", "f"),
    ("доплата", "f"),
    ("надбавка", "f"),
    ("помощь", "f"),
    ("льгота", "f"),
    ("сертификат", "m"),
    ("статус", "m"),
    ("обучение", "n"),
    ("путёвка", "f"),
    ("возмещение", "n"),
    ("обеспечение", "n"),
    ("услуга", "f"),
    ("капитал", "m"),
    ("социальный контракт", "m"),
    ("набор", "m"),
    ("проезд", "m"),
    ("ремонт", "m"),
)
_HEAD_ADJ = {
    "m": "ежемесячный единовременный ежегодный региональный федеральный краевой денежный "
    "дополнительный социальный бесплатный льготный".split(),
    "f": "ежемесячная единовременная ежегодная региональная федеральная краевая денежная "
    "дополнительная социальная бесплатная льготная адресная".split(),
    "n": "ежемесячное единовременное ежегодное региональное федеральное краевое денежное "
    "дополнительное социальное бесплатное льготное".split(),
}
_MODIFIERS = (
    "на ребёнка",
    "на детей",
    "на первого ребёнка",
    "на третьего ребёнка",
    "детям до трёх лет",
    "при рождении ребёнка",
    "многодетной семье",
    "многодетным семьям",
    "для многодетных семей",
    "малоимущим семьям",
    "малоимущим гражданам",
    "пенсионерам",
    "неработающим пенсионерам",
    "одиноким пенсионерам",
    "по инвалидности",
    "людям с инвалидностью",
    "детям-инвалидам",
    "инвалидам первой группы",
    "ветеранам труда",
    "ветеранам боевых действий",
    "участникам СВО",
    "семьям участников СВО",
    "на оплату ЖКУ",
    "на оплату жилого помещения и коммунальных услуг",
    "на капремонт",
    "на взнос на капитальный ремонт",
    "по безработице",
    "в период обучения",
    "на профессиональное обучение",
    "для содействия занятости",
    "беременным женщинам",
    "по уходу за ребёнком",
    "студентам",
    "школьникам",
    "на лекарства",
    "на санаторно-курортное лечение",
    "на проезд в транспорте",
    "вдовам",
    "опекунам",
    "приёмным семьям",
    "сиротам",
    "на газификацию",
    "на зубопротезирование",
    "на технические средства реабилитации",
    "за счёт краевого бюджета",
)


def _lemmas() -> list[tuple[str, ...]]:
    """Every word of the generator as the tuple of its forms, most frequent lemma first.

    The real benefits vocabulary (a few hundred lemmas, ~3,500 forms) is spread over the
    frequent ranks; a long tail of ~4,000 rarer lemmas, built from Russian-like syllables
    with the same endings, follows, so that common words do not appear in every document and
    the term dictionary is as large as a big real pack's.
    """
    rng = random.Random(SEED)
    real: list[tuple[str, ...]] = []
    for kind, spec in _STEMS.items():
        for stem in spec.split():
            real.append(tuple(dict.fromkeys(stem + e for e in _ENDINGS[kind])))
    fixed = _FIXED_RU
    real += [(w,) for w in fixed[:18]]  # abbreviations do not decline
    real += [tuple(fixed[18:23]), tuple(fixed[23:28]), tuple(fixed[28:31])]  # дети, ребёнок, люди
    real += [tuple(fixed[31:36]), tuple(fixed[36:44])]  # многодетная, семья
    real += [(w,) for w in fixed[44:]]
    real = list(dict.fromkeys(real))
    rng.shuffle(real)
    # The words of titles lead: the benefits vocabulary is what these texts are about.
    title_words = {w for h, _ in _HEADS for w in h.split()} | {
        w for m in _MODIFIERS for w in m.split()
    }
    real.sort(key=lambda forms: not (set(forms) & title_words))
    tail: list[tuple[str, ...]] = []
    kinds = ("fem_a", "masc", "neut_ie", "adj", "verb_it", "masc_soft", "fem_ia")
    seen = {forms[0] for forms in real}
    while len(tail) < 4000:
        stem = rng.choice(_TAIL_A) + rng.choice(_TAIL_B) + rng.choice(("", *_TAIL_C))
        if stem in seen:
            continue
        seen.add(stem)
        tail.append(tuple(stem + e for e in _ENDINGS[rng.choice(kinds)]))
    return real + tail


_TAIL_A = "про пере под пред вы за до на об от рас со вос при без раз".split()
_TAIL_B = (
    "вод лож став мер вер бор гор дел зем кров лист мир нос пис рез слав твер тяг "
    "ход хран цен част чист шаг явл ступ плат люб греш движ друж жар каз куп лов"
).split()
_TAIL_C = "ен ан ов ир из ик ост есс".split()


def vocabulary() -> list[str]:
    """The Russian word forms of the generator, by the frequency of their lemma."""
    return list(dict.fromkeys(form for forms in _lemmas() for form in forms))


def english_vocabulary() -> list[str]:
    return list(dict.fromkeys(_EN_WORDS))


class _Zipf:
    """Draw from a list with probability ~ 1 / (rank + offset)**s (Zipf-Mandelbrot)."""

    def __init__(self, items: list, s: float = 1.0, offset: float = 10.0):
        self.items = items
        self.cum = list(accumulate(1.0 / ((r + offset) ** s) for r in range(1, len(items) + 1)))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random, k: int) -> list:
        items, cum, total, rnd = self.items, self.cum, self.total, rng.random
        hi = len(cum) - 1
        return [items[bisect(cum, rnd() * total, 0, hi)] for _ in range(k)]


class _Words:
    """Word forms: a lemma by Zipf, then one of its forms, the first (nominative) most often."""

    def __init__(self, lemmas: list[tuple[str, ...]], offset: float = 30.0):
        self.lemmas = _Zipf(lemmas, 1.0, offset)

    def draw(self, rng: random.Random, k: int) -> list[str]:
        out = []
        for forms in self.lemmas.draw(rng, k):
            i = 0 if rng.random() < 0.35 else int(rng.random() * len(forms))
            out.append(forms[i])
        return out


class Generator:
    def __init__(self, n_services: int, seed: int = SEED):
        self.n = n_services
        self.rng = random.Random(seed)
        self.ru = _Words(_lemmas())
        self.en = _Zipf(english_vocabulary(), 1.0)
        rng = random.Random(seed + 1)
        self.places = sorted(
            {
                (
                    rng.choice(_SYLLABLES_A)
                    + rng.choice(_SYLLABLES_B)
                    + rng.choice(("", *_SYLLABLES_B))
                    + rng.choice(_SYLLABLES_C)
                ).capitalize()
                for _ in range(30_000)
            }
        )
        rng.shuffle(self.places)
        self.place_zipf = _Zipf(self.places, 0.8, 0)

    # -- texts ---------------------------------------------------------------------------

    def _ru_sentence(self, length: int) -> str:
        rng = self.rng
        words = self.ru.draw(rng, length)
        for i in range(length):
            r = rng.random()
            if r < 0.28:
                words[i] = rng.choice(_FUNCTION)
            elif r < 0.31:
                words[i] = str(rng.choice((rng.randint(1, 31), rng.randint(100, 99_999))))
            elif r < 0.325:
                words[i] = self.place_zipf.draw(rng, 1)[0]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def _en_sentence(self, length: int) -> str:
        rng = self.rng
        words = self.en.draw(rng, length)
        for i in range(length):
            if rng.random() < 0.3:
                words[i] = rng.choice(("the", "a", "of", "to", "for", "and", "in", "on", "is"))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def _ru_text(self, n_words: int) -> str:
        out, left = [], n_words
        while left > 0:
            length = min(left, self.rng.randint(6, 14))
            out.append(self._ru_sentence(length))
            left -= length
        return " ".join(out)

    def _en_text(self, n_words: int) -> str:
        out, left = [], n_words
        while left > 0:
            length = min(left, self.rng.randint(6, 14))
            out.append(self._en_sentence(length))
            left -= length
        return " ".join(out)

    def _ru_markdown(self, n_words: int) -> str:
        rng = self.rng
        paragraphs, left = [], n_words
        while left > 0:
            size = min(left, rng.randint(25, 50))
            if rng.random() < 0.2:
                items = [self._ru_text(rng.randint(4, 8)) for _ in range(rng.randint(2, 4))]
                paragraphs.append("\n".join("- " + i.rstrip(".").lower() for i in items))
            else:
                paragraphs.append(self._ru_text(size))
            left -= size
        return "\n\n".join(paragraphs)

    def _title_ru(self) -> str:
        rng = self.rng
        head, gender = rng.choice(_HEADS)
        parts = []
        if rng.random() < 0.6:
            parts.append(rng.choice(_HEAD_ADJ[gender]))
        parts.append(head)
        want = rng.randint(4, 10)
        count = len(" ".join(parts).split())
        while count < want:
            if rng.random() < 0.75:
                mod = rng.choice(_MODIFIERS)
            elif rng.random() < 0.5:
                mod = "в " + rng.choice(DISTRICT_NAMES)[1]
            else:
                mod = " ".join(self.ru.draw(rng, rng.randint(1, 2)))
            if count + len(mod.split()) > 10:
                break
            parts.append(mod)
            count += len(mod.split())
        text = " ".join(parts)
        return text[0].upper() + text[1:]

    def _title_en(self) -> str:
        rng = self.rng
        words = self.en.draw(rng, rng.randint(3, 7))
        return " ".join(words).capitalize()

    def _maybe_en(self, ru: str, en_maker, *args) -> Text:
        return Text(ru, en_maker(*args) if self._english else None)

    # -- content -------------------------------------------------------------------------

    def content(self, base: Content) -> Content:
        rng = self.rng
        districts = [District(i, Text(ru, en)) for i, ru, en in DISTRICT_NAMES]
        agencies = self._agencies(districts)
        locations = [loc for a in agencies for loc in a.locations]
        category_ids = [c.id for c in base.categories]
        services = []
        for i in range(self.n):
            self._english = rng.random() < 0.33
            chosen = rng.sample(agencies, rng.choice((1, 1, 2, 2, 3)))
            own_locations: tuple[str, ...] = ()
            if rng.random() < 0.3:
                pool = [loc.id for a in chosen for loc in a.locations]
                own_locations = tuple(rng.sample(pool, min(len(pool), rng.randint(1, 3))))
            documents = tuple(
                self._maybe_en(self._ru_text(rng.randint(3, 6)).rstrip("."), self._en_text, 4)
                for _ in range(rng.randint(1, 4))
            )
            keywords = ()
            if rng.random() < 0.4:
                keywords = tuple(
                    Text(" ".join(self.ru.draw(rng, rng.randint(1, 2)))) for _ in range(2)
                )
            cats = tuple(rng.sample(category_ids, rng.choice((1, 1, 2))))
            services.append(
                Service(
                    id=f"svc-{i:06d}",
                    kind=rng.choice(("benefit", "benefit", "service")),
                    categories=cats,
                    name=self._maybe_en(self._title_ru(), self._title_en),
                    summary=self._maybe_en(self._ru_text(rng.randint(15, 25)), self._en_text, 20),
                    source=f"https://minsoc.permkrai.ru/services/{i}",
                    reviewed=f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    description=self._maybe_en(
                        self._ru_markdown(rng.randint(80, 110)), self._en_text, 90
                    ),
                    eligibility=self._maybe_en(
                        self._ru_text(rng.randint(10, 18)), self._en_text, 12
                    ),
                    rule_source={"all": ["children >= 1", "low_income"]}
                    if rng.random() < 0.3
                    else None,
                    amount=self._maybe_en(
                        f"{rng.randint(1, 200) * 500} рублей " + self._ru_text(rng.randint(3, 8)),
                        self._en_text,
                        6,
                    ),
                    cost=rng.choice((None, "free", "paid", "partly_paid")),
                    documents=documents,
                    apply_online="https://www.gosuslugi.ru/" if rng.random() < 0.6 else None,
                    apply_in_person=self._maybe_en(
                        self._ru_text(rng.randint(6, 12)), self._en_text, 8
                    ),
                    agencies=tuple(a.id for a in chosen),
                    locations=own_locations,
                    legal_basis=self._maybe_en(
                        f"Закон Пермского края от {rng.randint(1, 28):02d}."
                        f"{rng.randint(1, 12):02d}.{rng.randint(1995, 2026)} "
                        f"№ {rng.randint(1, 999)}-ПК",
                        self._en_text,
                        8,
                    ),
                    keywords=keywords,
                )
            )
        events = []
        for i in range(max(10, self.n // 200)):
            self._english = rng.random() < 0.33
            loc = rng.choice(locations)
            day = f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            events.append(
                Event(
                    id=f"event-{i:05d}",
                    title=self._maybe_en(
                        self._ru_text(rng.randint(3, 6)).rstrip("."), self._title_en
                    ),
                    starts=f"{day}T{rng.randint(9, 17):02d}:00",
                    ends=None,
                    source="https://mfc.permkrai.ru/events",
                    reviewed="2026-11-20",
                    topic=self._maybe_en(self._ru_text(3).rstrip("."), self._en_text, 3),
                    description=self._maybe_en(self._ru_text(40), self._en_text, 40),
                    location=loc.id,
                    agency=loc.agency_id,
                )
            )
        pack = PackInfo(
            pack_id=f"perm-krai-synthetic-{self.n}",
            title=Text("Синтетический пакет для замеров", "Synthetic benchmark pack"),
            region="RU-PER",
            languages=("ru", "en"),
            demo=True,
            version=1,
            allowed_hosts=base.pack.allowed_hosts,
        )
        return Content(
            pack=pack,
            categories=list(base.categories),
            districts=districts,
            agencies=agencies,
            services=services,
            events=events,
            synonyms=base.synonyms,
        )

    def _agencies(self, districts: list[District]) -> list[Agency]:
        rng = self.rng
        kinds = (
            ("mfc", "Многофункциональный центр", "Multifunctional centre"),
            ("sfr", "Клиентская служба Социального фонда", "Social Fund client office"),
            ("czn", "Центр занятости населения", "Employment centre"),
            ("kcson", "Комплексный центр социального обслуживания", "Social services centre"),
            ("tu", "Территориальное управление Минсоцразвития", "Social development office"),
            ("hosp", "Городская больница", "City hospital"),
            ("lib", "Библиотека", "Library"),
            ("school", "Школа", "School"),
        )
        agencies = []
        for i in range(300):
            self._english = rng.random() < 0.5
            code, ru, en = rng.choice(kinds)
            home = rng.choice(districts)
            agency_id = f"{code}-{home.id}-{i:03d}"
            locations = []
            for j in range(rng.choice((1, 1, 2, 2, 3, 4))):
                district = home if j == 0 else rng.choice(districts)
                village = rng.choice(self.places) if rng.random() < 0.4 else None
                city = Text(village or district.name.ru, None if village else district.name.en)
                street = self.place_zipf.draw(rng, 1)[0]
                hours = tuple(
                    OpeningHours(d, "09:00", "18:00") for d in ("mo", "tu", "we", "th", "fr")
                )
                locations.append(
                    Location(
                        id=f"{agency_id}-{j}",
                        agency_id=agency_id,
                        name=Text(f"Офис «{street}»", f"{street} office"),
                        address=Address(
                            city=city,
                            street=Text(f"ул. {street}, д. {rng.randint(1, 120)}"),
                            postal_code=f"61{rng.randint(0, 9999):04d}",
                        ),
                        district=district.id,
                        hours=hours,
                        phones=(Phone(f"+7342{rng.randint(1000000, 9999999)}", "+7 342 ..."),),
                        accessibility=tuple(
                            rng.sample(("ramp", "elevator", "accessible_toilet", "braille"), 2)
                        ),
                        latitude=57 + rng.random() * 4,
                        longitude=54 + rng.random() * 4,
                    )
                )
            agencies.append(
                Agency(
                    id=agency_id,
                    name=Text(f"{ru} {home.name.ru} № {i}", f"{en} {home.name.en} No. {i}"),
                    source="https://minsoc.permkrai.ru/",
                    reviewed="2026-11-20",
                    description=self._maybe_en(self._ru_text(30), self._en_text, 30),
                    locations=tuple(locations),
                )
            )
        return agencies


def _base_content() -> Content:
    """The demo pack's categories, synonyms and pack settings."""
    from content.publisher.sources import load_folder

    loaded = load_folder(ROOT / "content" / "demo")
    return loaded.content


def generate(n_services: int = DEFAULT_SERVICES) -> Content:
    return Generator(n_services).content(_base_content())


def cache_key(n_services: int) -> str:
    digest = hashlib.sha256()
    for name in BUILDER_SOURCES:
        digest.update((ROOT / name).read_bytes())
    return f"synthetic-{n_services}-v{GENERATOR_VERSION}-{digest.hexdigest()[:10]}"


def cached_pack(n_services: int = DEFAULT_SERVICES, rebuild: bool = False) -> tuple[Path, dict]:
    """The path of the synthetic pack (built if missing) and its build record."""
    from content.publisher.build import write_pack

    CACHE.mkdir(parents=True, exist_ok=True)
    key = cache_key(n_services)
    path, record_path = CACHE / f"{key}.sqlite", CACHE / f"{key}.json"
    if path.exists() and record_path.exists() and not rebuild:
        record = json.loads(record_path.read_text())
        record["cached"] = True
        return path, record
    for old in CACHE.glob(f"synthetic-{n_services}-*"):
        old.unlink()  # an older generator or builder: its pack is stale
    started = time.perf_counter()
    content = generate(n_services)
    generated = time.perf_counter()
    result = write_pack(content, path)
    built = time.perf_counter()
    record = {
        "key": key,
        "services": n_services,
        "counts": result.counts,
        "generate_s": round(generated - started, 2),
        "build_s": round(built - generated, 2),
        "size_bytes": path.stat().st_size,
        "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    record_path.write_text(json.dumps(record, indent=1))
    record["cached"] = False
    return path, record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=DEFAULT_SERVICES)
    parser.add_argument("--out", type=Path, help="write here instead of the cache")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    if args.out:
        from content.publisher.build import write_pack

        started = time.perf_counter()
        result = write_pack(generate(args.services), args.out)
        print(f"{result.path}: {result.counts} in {time.perf_counter() - started:.1f} s")
        return
    path, record = cached_pack(args.services, rebuild=args.rebuild)
    print(path, json.dumps(record))


if __name__ == "__main__":
    main()

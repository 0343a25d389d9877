"""Commitments (承诺事项): quantified targets, concrete deliverables and general directives.

- ``target``: a quantity in the future tense (``quantities.analyse``), with its metric, period and the
  hedge printed before it (确保 / 力争 / 将).
- ``deliverable``: a future clause that builds or launches a concrete thing (推进“XX”系统开发上线运行).
- ``directive``: a future clause that instructs without a thing to deliver (要坚持真抓实干).

Owners: a person introduced as a speaker (…局长XXX表示，) owns every commitment after it until the
next speaker, or until a new paragraph introduces another person; an unnamed speaker (市科技局相关
负责人表示) hands ownership to the organisation. Outside any speaker the owner is the place the
article is about. A person's organisation comes from the post the entities stage resolved.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from luoshi.extraction import lexicon
from luoshi.extraction.interviews import interview_turns
from luoshi.extraction.lexicon import alternation
from luoshi.extraction.model import ArticleMeta, Commitment, Owner, Period, Person, Quantity
from luoshi.extraction.periods import find_period
from luoshi.extraction.places import gazetteer, names_a_thing, resolve_unit_path
from luoshi.extraction.quantities import (
    FUTURE,
    PAST,
    AnalysedQuantity,
    Analysis,
    analyse_article,
    inherited_tense,
    is_plan_document,
    markers_in,
    same_metric,
    sizes_differ,
)

__all__ = ["extract_commitments", "speaker_turns", "SpeakerTurn"]


@dataclass
class SpeakerTurn:
    """From ``start`` on, commitments belong to this person / organisation (None, None ends a turn)."""

    start: int
    person: str | None
    org: str | None


def extract_commitments(text: str, meta: ArticleMeta, people: list[Person], place: str | None,
                        place_path: list[str], warnings: list[str] | None = None, *,
                        analysis: Analysis | None = None) -> list[Commitment]:
    """Return targets, deliverables and directives of ``text`` in order of appearance. ``analysis``:
    the article's quantities as the pipeline analysed them once (analysed here when not given)."""
    if analysis is None:
        analysis = analyse_article(text, meta)
    if warnings is not None:
        warnings.extend(w for w in analysis.problems if w not in warnings)
    turns = speaker_turns(text, people, place, place_path)
    default_owner = (_author(meta, place) or _presenter(text, people, place)
                     or Owner(person=None, org=_government_of(place)))
    commitments = _targets(analysis, meta, turns, default_owner, place, place_path, warnings)
    commitments += _clauses(analysis, meta, turns, default_owner, warnings)
    commitments.sort(key=lambda c: c.span)
    return commitments


# ---------------------------------------------------------------- targets

def _targets(analysis: Analysis, meta: ArticleMeta, turns: list[SpeakerTurn], default: Owner,
             place: str | None, place_path: list[str], warnings: list[str] | None) -> list[Commitment]:
    """One target per future quantity; a restated target (same figure, same metric) is kept once,
    preferring the statement a named person owns."""
    text = analysis.text
    # A figure is (value, unit, comparator, upper bound, section): the same number in two sections of a
    # report (年均增长5% for the five years, 增长5% for this one) is two targets, not a restatement.
    Figure = tuple[float, str | None, str, float | None, str | None]
    kept: dict[tuple[Figure, str | None], tuple[Commitment, int]] = {}
    by_figure: dict[Figure, list[tuple[Figure, str | None]]] = {}
    for q in analysis.quantities:
        if q.tense != FUTURE:
            continue
        m = q.mention
        owner, rank = _owner_at(turns, m.start, default), 1
        assigner = _assigner_pattern().search(text, q.clause_start, m.start)
        if assigner:  # 市政府下达的全年40亿元采购任务: the assigning body owns the target
            owner, rank = Owner(None, _resolve_org(assigner.group("org"), place, place_path)), 2
        elif owner == default:  # 市电力公司要…，全年将落实…: an organisation as the sentence's subject
            subject = _subject_org_pattern().search(text, q.sentence_start, m.start)
            if subject is None and q.hedge:  # 区发改局赴省对接项目，力争…增长15%以上: the acting body
                subject = _acting_org_pattern().match(text, q.sentence_start, m.start)
            if subject:
                owner = Owner(None, _resolve_org(subject.group("org"), place, place_path))
        narrated = None if assigner else _narrated_place(analysis, q, place, place_path)
        if narrated is not None:  # 河北省将投资约1000亿元 / 全市将打造…: the place's government commits
            owner, rank = Owner(None, narrated), 2
        if owner.person:
            rank = 3
            if q.expected and owner.org is None and place:  # 张惠在报告中说…主要预期目标是: the government's
                owner = Owner(owner.person, _report_government(place))
        clause_start = q.clause_start
        period = find_period(text[clause_start:m.start], meta.published, warnings)
        if period is None and q.sentence_start != clause_start:
            head = text[q.sentence_start:min(q.sentence_start + 12, m.start)]
            period = find_period(head, meta.published, warnings)
        span = _trimmed(text, _clause_start(text, m.start), _clause_end(text, m.end))
        metric = _without_period(q.metric, period)
        commitment = Commitment(
            kind="target", text=text[span[0]:span[1]], action=metric,
            owner=owner, strength=q.hedge, period=period, span=span,
            role="expected" if q.expected else None, section=q.section,
            target=Quantity(value=m.value, unit=m.unit, comparator=m.comparator, metric=metric, text=m.text,
                            span=(m.start, m.end), low=m.low, high=m.high))
        figure = (float(m.value), m.unit, m.comparator, None if m.high is None else float(m.high), q.section)
        period_text = period.text if period else None
        reference = _refers_to_a_target(q.metric)
        if reference and by_figure.get(figure):
            continue  # 我们把今年的目标设定为5.5%左右: the target stated before, not a new one
        key = next((k for k in by_figure.setdefault(figure, [])
                    if not _other_period(kept[k][0].period, period)
                    and (same_metric(k[1], q.metric, missing_matches=False)
                         or _restated(kept[k][0], owner, period_text, q.metric))), None)
        if key is None:
            key = (figure, q.metric)
            by_figure[figure].append(key)
        previous = kept.get(key)
        # the statement in the 主要预期目标 paragraph wins over the same figure in a headline or lead
        rank = 2 * rank + int(q.expected)
        if previous is None or rank > previous[1]:
            kept[key] = (commitment, rank)
    return [commitment for commitment, _ in kept.values()]


@cache
def _reference_pattern() -> re.Pattern[str]:
    words = alternation(lexicon.words("target_reference_words.tsv"))
    return re.compile(rf"(?:{words}|[“”\"'\s])+")


def _refers_to_a_target(metric: str | None) -> bool:
    """“5.5%左右”目标的设定: a metric naming only the target itself (target_reference_words.tsv)."""
    return bool(metric) and bool(_reference_pattern().fullmatch(metric or ""))


@cache
def _subject_place_pattern() -> re.Pattern[str]:
    """The subject of a narrated sentence: a place or the whole of one (全市, 我省), then a hedge
    within the clause (河北省将投资… / 全市还将打造… / 浙江省水利投入将达…), after at most two short
    opening clauses (未来5年，… / 从某厅获悉，“十二五”期间，…)."""
    hedges = alternation(lexicon.words("subject_hedges.tsv", "hedge"))
    wholes = alternation(lexicon.words("place_subjects.tsv", "whole"))
    lead = alternation(lexicon.words("place_subjects.tsv", "lead"))
    return re.compile(rf"(?:(?:{lead})?[^，。；：\n]{{0,14}}，|[^。；\n]{{0,40}}：){{0,2}}"
                      rf"(?P<subject>(?:{wholes})|(?P<name>[\u4e00-\u9fff]{{2,12}}))"
                      rf"[^，。；：\n]{{0,12}}?(?:{hedges})")


def _narrated_place(analysis: Analysis, q: AnalysedQuantity, place: str | None,
                    place_path: list[str]) -> str | None:
    """Another place a target is narrated about, when its sentence opens with that place as subject
    (河北省将投资… in a national report of many provinces' plans): that place's government commits.
    The article's own place, or a place above or below it (深圳将… in a report of the mayor's speech,
    九寨沟县… in a provincial one), does not take the target from its speaker; 全市将… outside any
    speaker's turn is the place's already (the default owner)."""
    m = _subject_place_pattern().match(analysis.text, q.sentence_start, q.mention.start)
    if m is not None and not m.group("name"):
        return None
    unit = (_unit_at_start(m.group("name")) if m else None) or _clause_subject_unit(analysis.text, q)
    if unit is None or unit == place or unit in place_path or (place and place in resolve_unit_path(unit)):
        return None
    return unit


def _clause_subject_unit(text: str, q: AnalysedQuantity) -> str | None:
    """The place a clause of the sentence opens with, before the number and without a hedge
    (据介绍，“十二五”期间，河南省水利规划投资1497亿元): the first of the sentence's first three clauses
    that starts with an administrative unit."""
    starts, pos = [q.sentence_start], q.sentence_start
    while len(starts) < 3:
        cut = min((i for i in (text.find(ch, pos, q.mention.start) for ch in "，：") if i >= 0), default=-1)
        if cut < 0:
            break
        starts.append(pos := cut + 1)
    lead, speech = _clause_lead_pattern()
    for start in starts:
        led = lead.match(text, start, q.mention.start)
        start = led.end() if led else start
        unit = _unit_at_start(text[start:min(start + 12, q.mention.start)])
        if unit is not None:  # 重庆水利局局长朱宪生说，…: a speaker's organisation is no subject
            return None if speech.search(text, start, q.mention.start) else unit
    return None


@cache
def _clause_lead_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Words that may open a clause before its subject (今年宁夏力争…), and the speech verbs."""
    lead = alternation(lexicon.words("place_subjects.tsv", "lead"))
    return re.compile(f"(?:{lead})?"), re.compile(alternation(lexicon.words("speech_verbs.tsv")))


def _unit_at_start(words: str) -> str | None:
    """The full official name of the administrative unit ``words`` starts with (河北省将 -> 河北省)."""
    hits = gazetteer().scan(words)
    if not hits or hits[0][0] != 0 or names_a_thing(words, hits[0][1]):
        return None  # 金华路保障性住房项目…: a road, not the place
    units = gazetteer().surface[hits[0][2]]
    return units[0].name if len(units) == 1 else None


def _without_period(metric: str | None, period: Period | None) -> str | None:
    """6月底前新开工保障性租赁住房 -> 新开工保障性租赁住房: the deadline is the period, not the thing counted."""
    if metric and period and period.text and metric.startswith(period.text) and len(metric) > len(period.text):
        return metric[len(period.text):]
    return metric


def _other_period(earlier: Period | None, period: Period | None) -> bool:
    """今年计划开工1000万套 … 明年还将继续开工1000万套: the same figure for two printed periods that
    resolve to different dates is two targets."""
    return (earlier is not None and period is not None and earlier.end is not None and period.end is not None
            and (earlier.start, earlier.end) != (period.start, period.end))


def _restated(earlier: Commitment, owner: Owner, period_text: str | None, metric: str | None) -> bool:
    """A target said again in other words (打通9条“断头”公路 … 9条断头公路将全部打通): same
    figure, same owner, same printed period, and two specific two-character words in common."""
    if sizes_differ(earlier.action, metric):
        return False
    if earlier.owner != owner or not period_text or earlier.period is None or earlier.period.text != period_text:
        return False
    shared = _specific_bigrams(earlier.action).keys() & _specific_bigrams(metric).keys()
    positions = sorted(_specific_bigrams(earlier.action)[b] for b in shared)
    # two separate words (打通 … 接头), not one run of three characters (通重要 in 打通重要/连通重要)
    return len(positions) >= 2 and positions[-1] - positions[0] >= 2


def _specific_bigrams(metric: str | None) -> dict[str, int]:
    """Two-character sequences of a metric that are not generic words, with where they first occur."""
    generic = _generic_metric_words()
    chars = [c for c in (metric or "") if "\u4e00" <= c <= "\u9fff"]
    found: dict[str, int] = {}
    for i, pair in enumerate(a + b for a, b in pairwise(chars)):
        if pair not in generic:
            found.setdefault(pair, i)
    return found


@cache
def _generic_metric_words() -> frozenset[str]:
    return lexicon.word_set("generic_metric_pairs.tsv")


@cache
def _subject_org_pattern() -> re.Pattern[str]:
    """An organisation right before a hedge (市电力公司要 / 市交通局将): the subject that commits."""
    hedges = alternation(lexicon.words("subject_hedges.tsv", "hedge"))
    between = alternation(lexicon.words("subject_hedges.tsv", "between"))
    endings = alternation(lexicon.words("org_suffixes.tsv", "subject"))
    return re.compile(rf"(?:^|(?<=[，。；：\n]))(?:[^，。；\n]{{0,8}}，)?"
                      rf"(?P<org>[省市区县][\u4e00-\u9fff]{{1,10}}?(?:{endings}))"
                      rf"(?:{between})?(?:{hedges})")


@cache
def _acting_org_pattern() -> re.Pattern[str]:
    """An organisation that opens the sentence (after at most a short date clause) and acts — not
    one that is qualified (市发改委的…, 市发改委、市财政局…) or that a post follows (市发改委主任):
    the shortest name is taken whole (atomic), so that 区发改局局长 does not become 区发改局局."""
    endings = alternation(lexicon.words("org_suffixes.tsv", "subject"))
    posts = alternation(lexicon.words("titles.tsv"))
    return re.compile(rf"(?:[^，。；：\n]{{0,14}}，)?(?P<org>(?>[省市区县][\u4e00-\u9fff]{{1,10}}?(?:{endings})))"
                      rf"(?![的、和与及同副党]|{posts})")


@cache
def _assigner_pattern() -> re.Pattern[str]:
    """An organisation that hands a target down (下达/分解/交办 …的): 市政府下达的全年任务."""
    suffixes = alternation(lexicon.words("org_suffixes.tsv", "assigner"))
    levels = alternation(lexicon.words("target_assigners.tsv", "level"))
    verbs = alternation(lexicon.words("target_assigners.tsv", "verb"))
    return re.compile(rf"(?P<org>(?:[省市区县]|{levels})[^省市区县，。；、]{{0,8}}?(?:{suffixes}))"
                      rf"(?:{verbs})(?:给[^，。]{{0,8}})?的")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace, so that ``text[span]`` equals the printed clause."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _clause_start(text: str, pos: int) -> int:
    """Where the clause of ``pos`` begins: after a sentence or clause mark, or after the colon that
    opens a list (主要预期目标是：地区生产总值增长5%左右 — the target's clause is the list item)."""
    start = pos
    while start > 0 and text[start - 1] not in "。！？；;，,：:\n" and pos - start < 80:
        start -= 1
    return start


def _clause_end(text: str, pos: int) -> int:
    end = pos
    while end < len(text) and text[end] not in "。！？；;，,\n" and end - pos < 80:
        end += 1
    return end


# ---------------------------------------------------------------- deliverables and directives

@cache
def _verb_table() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    def words(kind: str) -> str:
        return alternation(lexicon.words("commitment_verbs.tsv", kind))
    return (re.compile(f"(?:{words('build')})"), re.compile(f"(?:{words('thing')})"),
            re.compile(f"^(?:{words('directive')})"),
            re.compile(f"^(?:{words('lead')})*(?:{words('improve')})"))


def _clauses(analysis: Analysis, meta: ArticleMeta, turns: list[SpeakerTurn], default: Owner,
             warnings: list[str] | None) -> list[Commitment]:
    """Future clauses without a number: deliverables (build/launch a named or concrete thing) and
    directives (要/必须 + a verb) — only inside a speaker's turn or a sentence with a future marker."""
    text = analysis.text
    build, thing, directive, improve = _verb_table()
    plan = is_plan_document(meta.headline, meta.subtitles)
    quantity_starts = sorted(q.mention.start for q in analysis.quantities)
    found: list[Commitment] = []
    for clause in re.finditer(r"[^。！？；;，,\n…]{4,80}", text):
        start, end = clause.span()
        i = bisect.bisect_left(quantity_starts, start)
        if i < len(quantity_starts) and quantity_starts[i] < end:
            continue  # clauses with a number are targets or statistics
        body = clause.group()
        kind = None
        if directive.search(body):
            kind = "directive"
        elif build.search(body) and (thing.search(body) or "“" in body) and not improve.match(body.strip()):
            kind = "deliverable"
        if kind is None:
            continue  # cheap word tests first: the tense lookup is the expensive part
        future, hedge = _clause_future(analysis, start, plan, end)
        if not future:
            continue
        owner = _owner_at(turns, start, default)
        if kind == "directive" and owner.person is None and hedge is None:
            continue
        span = _trimmed(text, start, end)
        found.append(Commitment(kind=kind, text=text[span[0]:span[1]], action=_action(body), owner=owner,
                                strength=hedge, period=find_period(body, meta.published, warnings),
                                span=span))
    return found


def _clause_future(analysis: Analysis, pos: int, plan: bool = False,
                   clause_end: int | None = None) -> tuple[bool, str | None]:
    """Whether the sentence around ``pos`` speaks of the future up to the clause's end (or inherits
    it): 某某隧道将于6月底全线贯通 has its 将 after the subject. In a plan document (政府工作报告) a
    clause without any tense marker is a task for the future."""
    sentence = analysis.layout.sentence_of(pos)
    until = max(pos + 4, clause_end or 0)
    before = [m for m in markers_in(analysis, sentence, until=until) if m.end <= until]
    hedge = next((m.word for m in reversed(before) if m.hedge), None)
    strong = [m for m in before if m.strong]
    if strong:
        return strong[-1].direction == FUTURE, hedge
    inherited = inherited_tense(analysis, sentence)
    own = [m for m in before if m.start >= pos]
    if inherited is None and not any(m.direction == PAST for m in before) and (
            plan or any(m.direction == FUTURE for m in own)):  # 某某高速在今年底开工控制性工程
        return True, hedge
    return inherited == FUTURE, hedge if inherited != PAST else None


def _action(body: str) -> str:
    """The clause without its leading hedge: 推进“XX”系统开发上线运行."""
    return _action_lead().sub("", body.strip()) or body.strip()


@cache
def _action_lead() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(lexicon.words('commitment_verbs.tsv', 'action_lead'))})+")


# ---------------------------------------------------------------- owners

@cache
def _speech_pattern() -> re.Pattern[str]:
    verbs = alternation(lexicon.words("speech_verbs.tsv"))
    return re.compile(rf"(?:[^，。；！？\n“”]{{0,20}}?)(?:{verbs})|代表[^，。；\n]{{0,20}}?作[^，。；\n]{{0,12}}?报告")


@cache
def _fallback_speaker_pattern() -> re.Pattern[str]:
    titles = alternation(lexicon.words("speaker_titles.tsv", "speaker"))
    verbs = alternation(lexicon.words("speech_verbs.tsv"))
    return re.compile(rf"(?:{titles})(?P<name>[\u4e00-\u9fff]{{2,3}}?)"
                      rf"(?=(?:在[^，。]{{0,15}}|对[^，。]{{0,15}})?(?:{verbs}|代表))")


@cache
def _unnamed_speaker_pattern() -> re.Pattern[str]:
    verbs = alternation(lexicon.words("speech_verbs.tsv"))
    sources = alternation(lexicon.words("unnamed_speakers.tsv", "source"))
    qualifiers = alternation(lexicon.words("unnamed_speakers.tsv", "qualifier"))
    endings = alternation(lexicon.words("org_suffixes.tsv", "speaker"))
    officials = alternation(lexicon.words("unnamed_speakers.tsv", "official"))
    return re.compile(rf"(?<![\u4e00-\u9fff])(?:{sources})?(?P<org>[\u4e00-\u9fff]{{1,18}}?(?:{endings}))"
                      rf"(?:(?:{qualifiers})?(?:主要)?(?:{officials})(?:[^，。“”]{{0,12}}?))?(?:{verbs})[，：:]")


def _principal_org(person: Person) -> str | None:
    """The organisation a person's commitments belong to: that of the last post printed.

    Title phrases list party posts first and the executive post last (市委副书记、市长 -> the city
    government, not the party committee; 党组书记、局长 -> the bureau either way), and the executive
    post is the one that answers for the work.
    """
    return next((p.org for p in reversed(person.posts) if p.org), None)


def speaker_turns(text: str, people: list[Person], place: str | None, place_path: list[str]) -> list[SpeakerTurn]:
    """Who owns the commitments from each position on, in text order."""
    events: list[tuple[int, int, str | None, str | None, bool]] = []  # (pos, end, person, org, speaks)
    for person in people:
        org = _principal_org(person)
        if _gives_guidance(person, text):
            continue
        if _comments(person, org):  # an analyst's turn: what follows is still the place's
            events.extend((start, end, None, None, True) for start, end in person.mentions
                          if _speech_pattern().match(text, end, end + 40))
            continue
        for start, end in person.mentions:
            speaks = bool(_speech_pattern().match(text, end, end + 40))
            events.append((start, end, person.name, org, speaks))
    known = {person.name for person in people}
    covered = {pos for e in events for pos in range(e[0], e[1])}
    events += [e for e in _fallback_speakers(text)  # speakers the entities stage did not name
               if not any(n in known or known_name in n for n in (e[2] or "",) for known_name in known)
               and e[0] not in covered]
    for m in _unnamed_speaker_pattern().finditer(text):  # 市科技局相关负责人表示 / 市财政局介绍，
        if any(m.start() <= e[0] < m.end() for e in events):
            continue  # a named person of that organisation is the speaker
        org = _resolve_org(m.group("org"), place, place_path)
        events.append((m.start("org"), m.end(), None, org, True))
    chair = _chair(text, people)
    if chair is not None:  # 会议强调，…确保全年…: what a meeting decides is its chair's
        for m in _meeting_voice_pattern().finditer(text):
            events.append((m.start(), m.end(), chair[0], chair[1], True))
    events += _document_voices(text, place, place_path)
    for m in lexicon.matches_after(_narration_pattern(), text, _NARRATION_AFTER):  # 据了解，… : the reporter speaks, the turn ends
        events.append((m.start(), m.end(), None, None, True))
    orgs = {person.name: _principal_org(person) for person in people}
    events += [(start, end, name, orgs.get(name) if name else None, True)  # 记者：… / 林小禾：… / 答：…
               for start, end, name in interview_turns(text, people)]
    events.sort()
    return _turns_from_events(text, events, place)


@cache
def _document_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def verbs(kind: str) -> str:
        return alternation(lexicon.words("document_verbs.tsv", kind))
    endings = alternation(lexicon.words("org_suffixes.tsv", "issuer"))
    issuer = re.compile(rf"(?<![\u4e00-\u9fff])(?P<org>[\u4e00-\u9fff]{{2,18}}?(?:{endings}))"
                        rf"(?:{verbs('issue_lead')})?(?:{verbs('issue')})了?《")
    voice = re.compile(rf"《[^》\n]{{1,60}}》(?:中)?(?:{verbs('speak')})")
    return issuer, voice


def _document_voices(text: str, place: str | None,
                     place_path: list[str]) -> list[tuple[int, int, str | None, str | None, bool]]:
    """《指导意见》提出，… after 省住建厅公布《…指导意见》: the issuing organisation speaks."""
    issuer_pattern, voice_pattern = _document_patterns()
    issuer = issuer_pattern.search(text)
    if issuer is None:
        return []
    org = _resolve_org(issuer.group("org"), place, place_path)
    return [(m.start(), m.end(), None, org, True) for m in voice_pattern.finditer(text, issuer.end())]


@cache
def _narration_pattern() -> re.Pattern[str]:
    words = alternation(lexicon.words("narration_starts.tsv"))
    return re.compile(rf"(?:^|(?<=[{_NARRATION_AFTER}]))(?:{words})")  # at a paragraph or sentence start


_NARRATION_AFTER = "\n。！？"  # what a narration start follows (else it opens the text)


@cache
def _meeting_voice_pattern() -> re.Pattern[str]:
    verbs = alternation(lexicon.words("speech_verbs.tsv"))
    meetings = alternation(lexicon.words("meeting_voices.tsv", "meeting"))
    acts = alternation(lexicon.words("meeting_voices.tsv", "verb"))
    return re.compile(rf"(?:{meetings})(?:{verbs}|{acts})")


@cache
def _titled_chair() -> re.Pattern[str]:
    titles = alternation(lexicon.words("speaker_titles.tsv", "speaker"))
    return re.compile(rf"(?:{titles})(?P<name>[\u4e00-\u9fff]{{2,3}}?)主持")


def _chair(text: str, people: list[Person]) -> tuple[str, str | None] | None:
    """The person chairing the meeting the article reports (role ``chair`` from the entities stage,
    else title + name + 主持)."""
    for person in people:
        if person.role == "chair":
            return person.name, _principal_org(person)
    m = _titled_chair().search(text)
    return (m.group("name"), None) if m else None


def _comments(person: Person, org: str | None) -> bool:
    """A researcher, scholar or analyst (commentator_titles.tsv): comments on targets, owns none."""
    title = person.title or ""
    return (bool(org) and (org or "").endswith(lexicon.words("commentator_titles.tsv", "org"))) or any(
        word in title for word in lexicon.words("commentator_titles.tsv", "title"))


@cache
def _guidance_titles() -> tuple[str, ...]:
    return lexicon.words("guidance_titles.tsv")


def _gives_guidance(person: Person, text: str) -> bool:
    """习近平总书记: quoted as guidance, not the owner of the locality's commitments."""
    if person.title and any(t in person.title for t in _guidance_titles()):
        return True
    return any(text.startswith(_guidance_titles(), end) for _, end in person.mentions)


def _fallback_speakers(text: str) -> list[tuple[int, int, str | None, str | None, bool]]:
    """Title + name + speech verb, for speakers the entities stage has not named; a name found that
    way speaks again wherever it is followed by a speech verb (陈海峰表示)."""
    found: list[tuple[int, int, str | None, str | None, bool]] = [
        (m.start("name"), m.end("name"), m.group("name"), None, True) for m in _fallback_speaker_pattern().finditer(text)]
    starts = {f[0] for f in found}
    for name in {f[2] for f in found if f[2]}:
        for m in re.finditer(re.escape(name), text):
            if m.start() not in starts and _speech_pattern().match(text, m.end(), m.end() + 40):
                found.append((m.start(), m.end(), name, None, True))
    return found


def _turns_from_events(text: str, events: list[tuple[int, int, str | None, str | None, bool]],
                       place: str | None) -> list[SpeakerTurn]:
    lay_starts = [0] + [m.end() for m in re.finditer(r"\n+", text)]
    turns: list[SpeakerTurn] = []
    current: str | None = None
    last_paragraph = -1
    for pos, _end, person, org, speaks in events:
        paragraph = bisect.bisect_right(lay_starts, pos) - 1
        if speaks:
            start = _quote_start(text, pos) if paragraph != last_paragraph else pos
            turns.append(SpeakerTurn(start, person, org))
            current, last_paragraph = person, paragraph
        elif person != current and paragraph != last_paragraph and current is not None:
            turns.append(SpeakerTurn(pos, None, None))  # a new paragraph introduces someone else
            current, last_paragraph = None, paragraph
    return turns


def _author(meta: ArticleMeta, place: str | None) -> Owner | None:
    """The author of a report or speech printed under its headline (省长 周立新, 上海市市长 龚 正,
    "…会议上 省长 周立新") owns what it commits to wherever no speaker is named; a head of government
    speaks for the government (the place's 人民政府), others for the place."""
    speaker = report_speaker(meta.subtitles)
    if speaker is None:
        return None
    name, title = speaker
    government = (place and title and title.endswith(lexicon.words("speaker_titles.tsv", "head_of_government"))
                  and not any(body in title for body in lexicon.words("speaker_titles.tsv", "not_government")))
    national = lexicon.mapping("place_governments.tsv").get(place or "")
    return Owner(person=name, org=national or (f"{place}人民政府" if government else place))


@cache
def _presenting() -> re.Pattern[str]:
    return re.compile("|".join(lexicon.words("report_presenting.tsv")))  # regexes, in file order


def _presenter(text: str, people: list[Person], place: str | None) -> Owner | None:
    """The person a news item says presents the work report (县长杜江涛作政府工作报告,
    report_presenting.tsv), for the place's government: the report's targets are theirs wherever no
    other speaker is named (2013年，五莲县计划招引20个以上过亿项目)."""
    if not place:
        return None
    pattern = _presenting()
    for person in people:
        if any(pattern.match(text, end) for _start, end in person.mentions):
            return Owner(person=person.name, org=_report_government(place))
    return None


def _report_government(place: str) -> str:
    """Whose a work report's 主要预期目标 are when its presenter is named without a post (张惠作政府工作报告):
    the place's government (place_governments.tsv: 中国 -> 国务院), whoever reads them out."""
    return lexicon.mapping("place_governments.tsv").get(place) or f"{place}人民政府"


def _government_of(place: str | None) -> str | None:
    """Who owns a place's targets when no one is named: the place itself, or the government the gold
    writes for it (place_governments.tsv: 中国 -> 国务院)."""
    return lexicon.mapping("place_governments.tsv").get(place or "", place)


@cache
def _byline_pattern() -> re.Pattern[str]:
    titles = alternation(lexicon.words("speaker_titles.tsv", "speaker"))
    name = r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff](?:[ 　][\u4e00-\u9fff]){1,3}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8}){1,3}"
    return re.compile(rf"(?:^|(?<=[\s　]))(?P<title>[\u4e00-\u9fff]{{0,14}}(?:{titles}))[\s　]+(?P<name>{name})$")


def report_speaker(subtitles: list[str]) -> tuple[str, str | None] | None:
    """(name, title) of the person a report or speech is by, from the lines under its headline: a post
    and a name ("省人民政府省长 王清宪"; a name printed with spaces, "龚 正", is one name), also at the
    end of the occasion line ("…会议上 省长 赵刚"), or a bare name right under the occasion line."""
    for k, line in enumerate(subtitles):
        m = _byline_pattern().search(line.strip())
        if m:
            return re.sub(r"[ 　]", "", m.group("name")), m.group("title")
        if k and _BARE_NAME.fullmatch(line.strip()) and _occasion_pattern().search(subtitles[k - 1]):
            return line.strip(), None
    return None


_BARE_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8}){1,3}")


@cache
def _occasion_pattern() -> re.Pattern[str]:
    return re.compile(rf"在.{{2,60}}?(?:{alternation(lexicon.words('speech_occasions.tsv'))})上")


def _quote_start(text: str, pos: int) -> int:
    """“我们要……”局长X表示: a speaker named right after their quote owns the quote too."""
    sentence_start = max(text.rfind(ch, 0, pos) for ch in "。！？\n") + 1
    if text.startswith("“", sentence_start) and text.rfind("”", sentence_start, pos) >= 0:
        return sentence_start
    return pos


def _owner_at(turns: list[SpeakerTurn], pos: int, default: Owner) -> Owner:
    """The turn in force at ``pos`` (turns are in text order)."""
    i = bisect.bisect_right(turns, pos, key=lambda t: t.start) - 1
    if i < 0:
        return default
    turn = turns[i]
    return Owner(turn.person, turn.org) if (turn.person or turn.org) else default


def _resolve_org(as_printed: str, place: str | None, place_path: list[str]) -> str:
    """市科技局 -> 盐城市科技局: the place prefixed to the name as printed when the level agrees (the
    gold's convention), else the entities stage's resolver, else the name as printed."""
    if place and as_printed[:1] in "省市区县" and place.endswith(as_printed[:1]):
        return place + as_printed[1:]  # 市政府 in a report about 北京市 -> 北京市政府, as printed
    try:
        from luoshi.extraction.organisations import resolve_org
        resolved = resolve_org(as_printed, place, place_path)
    except Exception:  # noqa: BLE001 - an unfinished resolver must not lose the commitment
        resolved = None
    return resolved or as_printed

"""Skill words (Chinese and English) → skill tags, and which tags suit which request category.

Volunteers describe themselves in their own words ("懂电、会修电脑", "nurse, I have a car"); the
matcher compares *tags*, so every synonym has to land on the same tag. Unknown words are returned
rather than dropped so registration can ask about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

# tag → synonyms. Kept as one table so adding a word is a one-line change; the lookup dicts
# below are derived from it. English entries are matched case-insensitively as whole words
# (or two-word phrases); Chinese entries are also found *inside* longer phrases ("我是医生").
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "doctor": (
        "医生", "大夫", "医师", "郎中", "中医", "西医", "全科", "儿科", "内科", "外科", "牙医",
        "doctor", "doc", "gp", "physician", "medic", "dentist", "paediatrician", "pediatrician",
    ),
    "nurse": ("护士", "护理", "护工", "量血压", "打针", "nurse", "nursing", "midwife"),
    "firstaid": ("急救", "救护", "心肺复苏", "first aid", "firstaid", "cpr", "aed", "paramedic"),
    "electrician": (
        "电工", "懂电", "电路", "电器", "跳闸", "electrician", "electrics", "electrical",
        "wiring",
    ),
    "plumber": ("水电", "水管", "管道", "下水道", "水暖", "通马桶", "plumber", "plumbing", "pipes"),
    "handyman": (
        "木工", "修理", "维修", "修东西", "装修", "家电维修", "五金", "修锁", "carpenter",
        "carpentry", "handyman", "repair", "repairs", "fix", "fixing", "diy", "odd jobs",
    ),
    "lawyer": (
        "律师", "法律", "法务", "法官", "调解", "lawyer", "legal", "law", "attorney", "solicitor",
        "paralegal", "mediator",
    ),
    "cook": ("厨师", "做饭", "烧菜", "下厨", "煮饭", "厨艺", "cook", "cooking", "chef", "baker", "baking"),
    "driver": (
        "司机", "开车", "有车", "驾驶", "车主", "接送", "driver", "driving", "car", "van",
        "drive", "lift", "lifts",
    ),
    "tech": (
        "电脑", "手机", "智能手机", "网络", "上网", "网购", "挂号", "微信", "程序员", "软件",
        "IT", "tech", "computer", "computers", "phone", "phones", "smartphone", "internet",
        "wifi", "programmer", "software", "laptop",
    ),
    "teacher": (
        "老师", "教师", "家教", "辅导", "补课", "作业", "teacher", "tutor", "tutoring", "teaching",
        "homework",
    ),
    "mover": (
        "搬运", "搬家", "搬东西", "力气", "有力气", "力气大", "扛", "strong", "mover", "moving",
        "lifting", "heavy lifting",
    ),
    "pets": (
        "宠物", "遛狗", "喂猫", "养狗", "养猫", "猫", "狗", "pets", "pet", "dog", "dogs", "cat", "cats", "dog walking",
    ),
    "errands": (
        "跑腿", "买菜", "代购", "取快递", "拿快递", "买药", "代买", "errands", "errand", "shopping",
        "groceries", "parcels", "delivery",
    ),
    "carer": (
        "陪护", "陪伴", "养老", "照顾老人", "看护", "陪聊", "保姆", "育儿", "带孩子", "带娃",
        "carer", "caregiver", "caring", "care", "companion", "babysitter", "babysitting",
        "nanny", "elderly care",
    ),
    "counsellor": (
        "心理", "心理咨询", "咨询师", "心理医生", "谈心", "社工", "counsellor", "counselor",
        "counselling", "counseling", "therapist", "psychologist", "social worker",
    ),
    "translator": ("翻译", "英语", "外语", "translator", "translation", "interpreter", "english"),
}

SKILL_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "doctor": ("医生", "Doctor"),
        "nurse": ("护士", "Nurse"),
        "firstaid": ("急救", "First aid"),
        "electrician": ("电工", "Electrician"),
        "plumber": ("水电工", "Plumber"),
        "handyman": ("维修", "Handyman"),
        "lawyer": ("律师", "Lawyer"),
        "cook": ("厨师", "Cook"),
        "driver": ("司机", "Driver"),
        "tech": ("电脑手机", "Tech help"),
        "teacher": ("老师", "Teacher"),
        "mover": ("搬运", "Mover"),
        "pets": ("宠物", "Pets"),
        "errands": ("跑腿", "Errands"),
        "carer": ("陪护", "Carer"),
        "counsellor": ("心理咨询", "Counsellor"),
        "translator": ("翻译", "Translator"),
    }
)

_MEDICAL = frozenset({"doctor", "nurse", "firstaid"})
# An empty set means "anyone can do it": no skill is preferred, nobody is penalised.
CATEGORY_SKILLS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "laundry": frozenset(),
        "errand": frozenset({"errands", "driver"}),
        "repair": frozenset({"electrician", "plumber", "handyman"}),
        "medical": _MEDICAL,
        "elderly": frozenset({"carer", "nurse", "doctor", "counsellor"}),
        "childcare": frozenset({"teacher", "carer"}),
        "pet": frozenset({"pets"}),
        "moving": frozenset({"mover", "driver"}),
        "tech": frozenset({"tech"}),
        "legal": frozenset({"lawyer"}),
        "meal": frozenset({"cook"}),
        "transport": frozenset({"driver"}),
        "borrow": frozenset(),
        # Gas, smoke, flooding, a fall: someone who can cut power/water or give first aid.
        "safety": frozenset({"electrician", "plumber", "mover"}) | _MEDICAL,
        "facility": frozenset({"electrician", "handyman"}),
        "sanitation": frozenset(),
        "noise": frozenset(),
        "other": frozenset(),
    }
)

# Categories where the helper goes inside someone's home (often an elderly person living alone,
# or a flat whose owner is away): vetted volunteers are called before unvetted ones.
ENTERS_HOME: frozenset[str] = frozenset(
    {"medical", "elderly", "repair", "childcare", "moving", "tech", "pet"}
)

# Filler that people write around skills ("我会…", "I can…"): ignored, never reported unknown.
_FILLER = frozenset(
    {
        "i", "am", "a", "an", "the", "and", "or", "can", "with", "good", "at", "help", "have",
        "my", "own", "some", "do", "it", "also", "of", "in", "to", "for", "etc",
        "我", "会", "能", "懂", "是", "有", "和", "及", "等", "可以", "擅长", "我会", "我是", "我能", "我有",
    }
)

# "IT" is both the skill and the English pronoun; only the capitalised form means the skill.
_CASE_SENSITIVE = {"IT": "tech"}

# Single characters that carry no skill of their own ("会修电脑" is tech, not unknown).
_FILLER_CHARS = frozenset("我会能懂是有和及等修帮做的了很还也都人一点些")
_SPLIT = re.compile(r"[,，、;；/|+&\n\t。.]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SCRIPT_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+")


def _build_tables() -> tuple[dict[str, str], dict[str, str], int]:
    latin: dict[str, str] = {}
    cjk: dict[str, str] = {}
    for tag, words in _SYNONYMS.items():
        for word in words:
            if word in _CASE_SENSITIVE:
                continue
            target = cjk if _CJK.fullmatch(word) else latin
            target[word.casefold()] = tag
    longest = max(len(w) for w in cjk)
    return latin, cjk, longest


_LATIN, _CJK_WORDS, _LONGEST_CJK = _build_tables()


def _scan_cjk(run: str) -> tuple[set[str], bool]:
    """Tags of the vocabulary words found in a run of Chinese characters (longest match first).

    Returns whether anything but filler was left unexplained, so "我是医生" is fully understood
    but "会修自行车" is reported as unknown even though nothing in it is wrong.
    """
    tags: set[str] = set()
    leftover = ""
    i = 0
    while i < len(run):
        for size in range(min(_LONGEST_CJK, len(run) - i), 0, -1):
            tag = _CJK_WORDS.get(run[i : i + size])
            if tag is not None:
                tags.add(tag)
                i += size
                break
        else:
            leftover += run[i]
            i += 1
    unexplained = bool(leftover) and not all(ch in _FILLER_CHARS for ch in leftover)
    return tags, unexplained


def _latin_token_tag(token: str) -> str | None:
    if token in _CASE_SENSITIVE:
        return _CASE_SENSITIVE[token]
    key = token.casefold().strip(".'\"!?()[]")
    tag = _LATIN.get(key)
    if tag is None and len(key) > 3 and key.endswith("s"):
        tag = _LATIN.get(key[:-1])  # "doctors", "electricians"
    return tag


def _parse_latin(text: str, tags: set[str], unknown: list[str]) -> None:
    tokens = [t for t in text.split() if t]
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            pair = f"{tokens[i]} {tokens[i + 1]}".casefold()
            if pair in _LATIN:
                tags.add(_LATIN[pair])
                i += 2
                continue
        token = tokens[i]
        tag = _latin_token_tag(token)
        if tag is not None:
            tags.add(tag)
        elif token.casefold() not in _FILLER:
            unknown.append(token)
        i += 1


def parse_skills(words: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Skill tags in `words`, and the words that named no known skill (in order, without repeats).

    Each item may hold several skills joined by 、，, ; / or spaces: "医生、懂电", "nurse, driver".
    """
    tags: set[str] = set()
    unknown: list[str] = []
    for word in words:
        # Two-word English phrases ("first aid") must survive splitting, so split on
        # punctuation first and on spaces only inside _parse_latin.
        for piece in _SPLIT.split(word):
            for run in _SCRIPT_RUNS.findall(piece):
                if _CJK.fullmatch(run):
                    found, unexplained = _scan_cjk(run)
                    tags |= found
                    if unexplained and run not in _FILLER:
                        unknown.append(run)
                elif run.strip():
                    _parse_latin(run, tags, unknown)
    return frozenset(tags), tuple(dict.fromkeys(unknown))


def skill_label(tag: str, locale: str | None = None) -> str:
    """The button/profile label of a tag in the user's language (unknown tags shown as they are)."""
    labels = SKILL_LABELS.get(tag)
    if labels is None:
        return tag
    return labels[0] if (locale or "zh").startswith("zh") else labels[1]

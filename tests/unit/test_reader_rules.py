"""The rules that stay rules around the learned reader: safety, retractions, urgency, context."""

from __future__ import annotations

import argparse
import io
import json
import math
from pathlib import Path

import pytest

from bot.reader_cli import add_parse_arguments, add_train_arguments, run_parse, run_train
from handlers.domain import Kind
from handlers.understanding import read_message
from handlers.understanding.concepts import DANGER
from handlers.understanding.context import ReplyContext, Role
from handlers.understanding.corpus import CATEGORIES, KINDS
from handlers.understanding.matcher import scan, scan_with_concepts
from handlers.understanding.model import HEADS, LinearModel
from handlers.understanding.normalise import normalise
from handlers.understanding.not_now import not_happening_now
from handlers.understanding.safety import is_retraction, lexicon_emergency
from handlers.understanding.signals import signals
from handlers.understanding.urgency import explicitly_urgent


def _lexicon(text: str) -> bool:
    _, lowered = normalise(text)
    return lexicon_emergency(signals(scan(lowered)))


@pytest.mark.parametrize(
    "text", ["我爸在卫生间晕倒了 叫不醒", "my mum collapsed and isn't breathing", "楼道里有煤气味"]
)
def test_an_unambiguous_emergency_word_raises_an_emergency_on_its_own(text: str) -> None:
    assert _lexicon(text)
    reading = read_message(text)
    assert reading.emergency and reading.urgent and reading.kind is Kind.REQUEST
    assert "safety:lexicon" in reading.cues


@pytest.mark.parametrize(
    "text", ["有懂的吗救命 显示器一直黑屏", "遥控器按了没反应", "fire alarm test in block 3 at 2pm"]
)
def test_words_that_mislead_alone_leave_the_decision_to_the_model(text: str) -> None:
    assert not _lexicon(text)


@pytest.mark.parametrize(
    "text",
    [
        "false alarm everyone, it was someone burning paper",
        "虚惊一场 是楼下在烧烤",
        "不是着火 是有人在烧纸",
        "刚才说楼道里有人倒在地上 是我看错了 是一袋衣服",  # round 10: saw wrong, a misunderstanding
        "刚才说电梯关人是误会 里面没人",
    ],
)
def test_a_retraction_is_never_an_emergency(text: str) -> None:
    _, lowered = normalise(text)
    assert is_retraction(lowered)
    reading = read_message(text)
    assert not reading.emergency
    assert "safety:retraction" in reading.cues


@pytest.mark.parametrize(
    "text",
    [
        "如果家里燃气泄漏了应该打哪个电话?",  # a question about what one should do
        "what should we do if someone is trapped in the lift?",
        "前天那个在楼道里晕倒的大爷已经出院了",  # a past incident, resolved
        "the fire in block 3 last night was put out, nobody was hurt",
        "下周二消防演练 楼道会有浓烟 不要惊慌",  # a drill
        "笑到胸口痛 哈哈哈",  # laughter
        "I nearly fainted when I saw the gas bill lol",
        "楼道里的燃气管生锈了 偶尔有煤气味 物业来看看",  # a hazard nobody is in now
        "5栋电梯的被困警报一直响 里面没人 物业派人修一下",
    ],
)
def test_a_danger_nobody_is_in_now_is_not_an_emergency(text: str) -> None:
    assert not_happening_now(normalise(text)[1], lexicon_danger=True)  # whatever the lexicon says
    reading = read_message(text)
    assert not reading.emergency
    assert "safety:not-now" in reading.cues


@pytest.mark.parametrize(
    "text",
    [
        "电梯困人了 里面有个老人 快来",
        "厨房着火了 火很大 快打119",
        "my dad collapsed and isn't breathing",
        "楼道里电动车在冒烟 火星子都出来了 快报警",  # sparks "coming out" are not people out (round 13)
        "刚才差点摔倒 现在胸口很痛 喘不上气",  # a near miss that led to a danger now
        "楼道里烟好多了 快打119",  # 好多 is "a lot", not 好多了 "much better"
        "还以为是感冒 现在叫不醒了",
        "没冒烟 但是煤气味很重 快来",  # one danger denied, another there
        "厨房瓦斯一直漏气 味道很重 我先带小孩出来了 快来人",  # out of the flat, the danger still there
    ],
)
def test_a_danger_happening_now_stays_an_emergency(text: str) -> None:
    assert not not_happening_now(normalise(text)[1], lexicon_danger=True)
    assert read_message(text).emergency


@pytest.mark.parametrize(
    ("text", "doubtful"),
    [
        ("吓死了 楼下3栋着火了 快打119", True),  # an exclamation, not a joke
        ("我爸晕倒了 要不要直接打120 还是119", True),  # a question about whom to call, while it happens
        ("302着火了 里面没人 快打119", True),  # a fire with nobody inside is still a fire
        ("他有时候会抽搐 现在又开始了 口吐白沫 快来人", False),  # a recurring danger, happening now
        ("烟雾报警器一直响 没冒烟 但是有煤气味", True),  # round 10: a denied danger is only doubtful
    ],
)
def test_words_that_only_make_a_danger_doubtful_never_overrule_the_strong_lexicon(text: str, doubtful: bool) -> None:
    lowered = normalise(text)[1]
    assert not_happening_now(lowered, lexicon_danger=False) is doubtful  # they disarm the model's guess...
    reading = read_message(text)
    assert reading.emergency and "safety:lexicon" in reading.cues  # ...never the lexicon


@pytest.mark.parametrize(
    ("text", "urgent"),
    [("急需一台轮椅,老人明天出院", True), ("很急 谁能帮我", True), ("urgent: need a drill", True),
     ("不着急 周末就行", False), ("不是很急", False), ("孩子发烧 要不要去急诊", False), ("not urgent", False)],
)
def test_urgency_said_in_so_many_words(text: str, urgent: bool) -> None:
    assert explicitly_urgent(normalise(text)[1]) is urgent


def test_a_called_volunteers_plain_statement_is_a_claim_and_a_requesters_reply_is_never_one() -> None:
    text = "already on my way to the building"
    assert read_message(text, ReplyContext(Role.CALLED)).kind is Kind.CLAIM
    assert read_message(text, ReplyContext(Role.REQUESTER)).kind in {Kind.DONE, Kind.CANCEL, Kind.CHAT}
    assert read_message(text, ReplyContext(Role.CALLED)).unsure is False


def test_a_helpers_withdrawal_in_a_reply_is_a_cancel() -> None:
    reading = read_message("不好意思 我临时有事去不了了", ReplyContext(Role.CLAIMER))
    assert reading.kind is Kind.CANCEL
    assert "rule:withdrawal" in reading.cues


def test_an_emergency_in_a_reply_is_still_an_emergency() -> None:
    reading = read_message("他现在晕倒了 叫不醒", ReplyContext(Role.REQUESTER))
    assert reading.emergency and reading.kind is Kind.REQUEST


def test_parse_explain_shows_probabilities_features_and_rules() -> None:
    parser = argparse.ArgumentParser()
    add_parse_arguments(parser)
    out = io.StringIO()
    code = run_parse(parser.parse_args(["--explain"]), stdin=io.StringIO("我爸晕倒了 叫不醒\n"), stdout=out)
    assert code == 0
    record = json.loads(out.getvalue())
    explanation = record["explain"]
    assert record["emergency"] is True
    assert max(explanation["kind"], key=explanation["kind"].get) == "request"
    assert explanation["features"]["emergency"], "the strongest emergency features are listed"
    assert "safety:lexicon" in explanation["rules"]
    assert explanation["version"]


def test_train_on_a_small_corpus_writes_a_model_that_reads(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [
        {"text": f"谁能帮我收一下{thing} 要下雨了", "kind": "request", "category": "laundry", "building": None,
         "urgent": True, "emergency": False}
        for thing in ("被子", "衣服", "床单", "毛巾", "袜子", "裤子", "外套", "枕头")
    ] + [
        {"text": f"大家{greeting}", "kind": "chat", "category": None, "building": None, "urgent": False,
         "emergency": False}
        for greeting in ("早上好", "晚上好", "中午好", "周末愉快", "新年好", "辛苦了", "好呀", "晚安")
    ]
    (corpus / "tiny.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    parser = argparse.ArgumentParser()
    add_train_arguments(parser)
    out_file = tmp_path / "model.json.gz"
    stdout = io.StringIO()
    assert run_train(parser.parse_args(["--corpus", str(corpus), "--out", str(out_file)]), stdout) == 0
    assert "trained on" in stdout.getvalue() and out_file.stat().st_size > 0
    parse = argparse.ArgumentParser()
    add_parse_arguments(parse)
    answer = io.StringIO()
    run_parse(parse.parse_args(["--model", str(out_file)]), stdin=io.StringIO("谁能帮我收一下被子\n"), stdout=answer)
    assert json.loads(answer.getvalue())["kind"] == "request"


def test_train_refuses_a_corpus_folder_without_files(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    add_train_arguments(parser)
    assert run_train(parser.parse_args(["--corpus", str(tmp_path), "--out", str(tmp_path / "m.gz")])) == 2


@pytest.mark.parametrize(
    "text",
    [
        "刚才说闻到煤气味,是隔壁在煮臭豆腐,免来了,歹势",
        "刚才说闻到煤气味 是我家炖汤溢出来把火浇灭了 已经关阀开窗了 没事了 不好意思吓到大家",
        "剛剛叫錯了,不是火災,是隔壁在烤肉冒煙,拍謝拍謝",
        "False alarm everyone, the gas smell was the bin store, not a leak. Sorry for the panic!",
        "不好意思 刚才喊救命那条是我家孩子拿我手机乱发的 没事 抱歉抱歉",
    ],
)
def test_a_writer_taking_back_an_alarm_raises_no_emergency(text: str) -> None:
    assert not read_message(text).emergency


def test_an_emergency_contact_or_exit_is_not_urgency() -> None:
    assert not explicitly_urgent(normalise("帮我在老爸的老人机里设个紧急联系人,有空再弄")[1])
    assert not explicitly_urgent(normalise("紧急出口被电动车堵住了")[1])
    assert explicitly_urgent(normalise("紧急!谁能帮我")[1])


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.CLAIMER, Role.CALLED])
def test_a_reply_the_model_reads_as_something_else_entirely_acts_on_nothing(role: Role) -> None:
    # A request written under one's own card: among done / cancel / chat it is none of the acts.
    text = "198号楼谁能帮我顺便取个快递"
    assert read_message(text).kind is Kind.REQUEST
    assert read_message(text, ReplyContext(role)).kind is Kind.CHAT


def test_a_reply_the_model_gives_an_act_a_real_chance_still_acts() -> None:
    assert read_message("不用了 谢谢", ReplyContext(Role.REQUESTER)).kind is Kind.CANCEL
    assert read_message("your box is with me, come by any time", ReplyContext(Role.CLAIMER)).kind is Kind.DONE


def test_asking_whether_something_is_on_fire_takes_nothing_back() -> None:
    text = "楼下好大的烟 是不是着火了 快去看看"
    assert not is_retraction(normalise(text)[1])  # "是不是着火" holds "不是着火"
    assert read_message(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "每年清明都有人在楼道里烧纸 烟很大 物业管管",  # a habit
        "the restaurant's smoke comes into our windows every evening",
        "上个月3号楼有个大爷在电梯里晕倒了 后来怎么样了",  # a past story
        "the smoke behind block 9 is just the gardeners burning leaves",  # explained
    ],
)
def test_a_habit_a_past_story_or_a_harmless_explanation_is_not_a_danger_now(text: str) -> None:
    assert not_happening_now(normalise(text)[1], lexicon_danger=False)
    assert not read_message(text).emergency


def test_a_past_story_disarms_even_the_strong_lexicon_unless_it_goes_on() -> None:
    past = "昨晚5栋着火了 物业能不能查查电线"
    assert not_happening_now(normalise(past)[1], lexicon_danger=True)
    assert not read_message(past).emergency
    ongoing = "从昨晚开始一直胸痛 喘不上气 8栋"
    assert not not_happening_now(normalise(ongoing)[1], lexicon_danger=True)
    assert read_message(ongoing).emergency


@pytest.mark.parametrize(
    "text",
    [
        # Round 10: resolved, improved, a near miss, fiction, denied, explained, a hypothetical.
        "电梯里的阿婆救出来了 大家放心",
        "the boy is out of the lift now, he's fine now",
        "外婆刚才胸闷 现在说好多了",
        "楼上扔下来一个花盆 差点砸到人 太危险了",
        "昨晚电视剧里有人煤气中毒 吓死了",
        "煤气泄漏的话应该先关阀门吗",
        "if anyone ever collapses in the lobby, call 120 first",
        "Thought the kitchen was on fire, turned out it was steam from the kettle",
        "anyone have a box cutter? drowning in moving boxes here",
    ],
)
def test_a_danger_resolved_denied_or_imagined_disarms_even_a_sure_model(text: str) -> None:
    assert not_happening_now(normalise(text)[1], lexicon_danger=True)
    assert not read_message(text, model=_flat_model(0.5)).emergency


@pytest.mark.parametrize(
    ("text", "animal_only"),
    [
        ("我家猫卡在空调外机上下不来了 快来人", True),  # LABELS.md: someone's life or safety
        ("my dog slipped his lead and is running towards the road, please help", True),
        ("狗咬了小孩 腿上流了好多血 快来", False),  # an animal and a person hurt
        ("电梯卡住了 里面有个老人带着狗", False),
    ],
)
def test_an_animal_in_trouble_with_no_person_is_not_someone_at_risk(text: str, animal_only: bool) -> None:
    assert not_happening_now(normalise(text)[1], lexicon_danger=False) is animal_only
    assert read_message(text, model=_flat_model(0.5)).emergency is not animal_only


@pytest.mark.parametrize(
    "text", ["流感太厉害 全家都倒下了 谁帮忙买点药", "有只小狗被困在排水沟里 谁有工具", "发烧了动不了 谁帮我买碗粥"]
)
def test_an_illness_or_an_animal_inside_a_danger_word_is_masked(text: str) -> None:
    assert not _lexicon(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("帮我妈量一下血压", "blood"),
        ("谁家有血压计借我", "blood"),
        ("what's the property office's phone number?", "stroke"),
        ("anyone on the ground floor of block 3?", "down"),
    ],
)
def test_a_concept_word_inside_a_harmless_one_is_not_that_concept(text: str, concept: str) -> None:
    assert concept not in scan_with_concepts(normalise(text)[1])[1]



@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("小孩爬到窗户外面的空调架上了", "height"),
        ("我爸突然说话说不清楚 嘴巴歪了", "stroke"),
        ("楼上有人一直在喊救命", "cry"),
        ("面包车里面有个小孩在哭 车窗关死的", "car"),
        ("阿嫲喺浴室跌低咗 起唔到身", "down"),
        ("顶楼的铁皮棚被台风掀起来了 随时要砸下去", "falling"),
        ("老屋那边塌方了 有人被埋了半截", "trapped"),
        ("水库那边有小孩掉水里了", "water"),
    ],
)
def test_round_10_dangers_have_a_name(text: str, concept: str) -> None:
    found = scan_with_concepts(normalise(text)[1])[1]
    assert concept in found and concept in DANGER

def test_a_past_fall_that_still_keeps_someone_down_is_happening_now() -> None:
    text = "昨天摔了一跤 现在还起不来 快来人 8栋"
    assert not not_happening_now(normalise(text)[1], lexicon_danger=False)
    assert read_message(text).emergency


def _flat_model(p_emergency: float) -> LinearModel:
    """A model that gives every message the same probabilities: a request, with this chance of an
    emergency, and no feature weights, so only the rules around it decide."""
    kinds, categories = list(KINDS), list(CATEGORIES)
    bias = [8.0 if k == "request" else 0.0 for k in kinds] + [0.0] * len(categories)
    bias += [-5.0, math.log(p_emergency / (1 - p_emergency))]
    return LinearModel(
        {
            "version": "flat",
            "heads": {"kind": kinds, "category": categories, "order": list(HEADS)},
            "bias": bias,
            "weights": {},
            "thresholds": {"emergency": 0.02, "urgent": 0.5, "unsure_low": 0.5, "unsure_high": 0.5},
        }
    )


@pytest.mark.parametrize(
    ("text", "emergency"),
    [
        ("我奶奶九十了 周末谁有空陪她聊聊天", False),  # no danger named: the model's guess alone
        ("快!!谁家有梯子 借我用一下 在南门", False),
        ("我奶奶头有点晕 谁来帮忙看看", True),  # a danger (晕)
        ("楼道里好大的烟 谁来帮我们一把", True),  # a danger (烟), though nothing says it is urgent
    ],
)
def test_the_model_alone_raises_an_unsure_emergency_only_on_a_named_danger(text: str, emergency: bool) -> None:
    assert read_message(text, model=_flat_model(0.05)).emergency is emergency
    # A sure model needs none: strangers name dangers the concept table does not (round 10).
    assert read_message(text, model=_flat_model(0.5)).emergency


@pytest.mark.parametrize(
    "text",
    ["5栋楼道烟雾报警器在响 这次真的有烟!! 不是演习", "smoke alarm going off in block 3, not a drill, real smoke"],
)
def test_a_danger_said_to_be_real_is_not_taken_for_a_drill(text: str) -> None:
    assert not not_happening_now(normalise(text)[1], lexicon_danger=True)

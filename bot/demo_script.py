"""The demo's afternoon, scene by scene: what the residents say and press (bot/demo.py plays it).

Only the residents are scripted; every answer comes from the real bot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.demo_desk import desk
from handlers.intake.buttons import Verb

if TYPE_CHECKING:
    from bot.demo import Afternoon

GROUP = -1001001
NEIGHBOURS = -1001002
SECRETARY = 9001
PRIVATE = 0  # say(..., chat=PRIVATE): the speaker's private chat with the bot


async def script(s: Afternoon) -> None:
    s.section("Volunteers sign up (志愿者登记)")
    s.person("chen", 201, "陈阿姨", starts_bot=True)
    s.person("wang", 202, "老王", starts_bot=True)
    s.person("li", 203, "小李", starts_bot=True)
    s.person("lin", 204, "林医生", starts_bot=True)
    s.person("zhao", 205, "赵师傅", starts_bot=True)
    s.person("zhang", 301, "张奶奶")
    s.person("liu", 302, "刘先生")
    s.person("amy", 303, "Amy")
    s.person("he", 304, "何阿姨")
    s.person("secretary", SECRETARY, "王书记", starts_bot=True)
    # In private chats with the bot, so the group is not flooded and the bot may write to them.
    s.say("chen", "/volunteer 198 跑腿 陪护", chat=PRIVATE)
    s.say("wang", "/volunteer 198 电工 搬运", chat=PRIVATE)
    s.say("li", "/volunteer 197 电脑 开车", chat=PRIVATE)
    s.say("lin", "/volunteer 196 医生", chat=PRIVATE)
    s.say("zhao", "/volunteer 2 搬运 水电", chat=PRIVATE)
    await s.settle()

    s.section("The quilt before the rain: claimed and done by button")
    quilt = s.say("zhang", "要下雨啦,198号楼谁家有人在,请帮我收下被子!")
    quilt_update = s.update_ids[-1]
    await s.settle()
    card, quilt_id = s.card(quilt)
    # Two neighbours press at the same moment: exactly one claim wins.
    s.press("chen", card, Verb.CLAIM, quilt_id)
    s.press("li", card, Verb.CLAIM, quilt_id)
    await s.settle()
    card, _ = s.card(quilt)
    winner = "chen" if "陈阿姨" in card.get("text", "") else "li"
    s.press(winner, card, Verb.DONE, quilt_id)
    await s.settle()

    s.section("A fridge that needs two people; the doctor can't help, the next neighbour is called")
    fridge = s.say("he", "周六搬家,需要两个人帮忙搬下冰箱,196号楼")
    await s.settle()
    _, fridge_id = s.card(fridge)
    s.press("lin", s.private_call(204, fridge_id), Verb.DECLINE, fridge_id)
    await s.settle()

    s.section("Lights out: claimed by reply, done by the requester's thanks")
    lights = s.say("liu", "197号楼有没有懂电的邻居?家里跳闸了,灯全黑了")
    await s.settle()
    lights_card, _ = s.card(lights)
    s.say("wang", "我来,马上到", reply_to=lights_card["message_id"])
    await s.settle()
    s.say("liu", "谢谢王师傅,修好了!", reply_to=lights_card["message_id"])
    await s.settle()

    s.section("Next door in 东园: a prescription in English, then cancelled")
    s.say("amy", "Could someone pick up my prescription from the pharmacy? I'm in building 2", chat=NEIGHBOURS)
    await s.settle()
    s.say("amy", "Never mind, my sister is picking it up", chat=NEIGHBOURS)
    await s.settle()

    s.section("Chit-chat gets no answer; a duplicated update changes nothing")
    s.say("zhang", "大家早上好!今天的菜价又涨了")
    s.out(f"{s.stamp()} (Telegram delivers the quilt's update #{quilt_update} a second time)")
    s.api.redeliver(quilt_update)
    await s.settle(0.5)

    s.section("Nobody took the fridge: the ladder climbs to the community and the secretary")
    await s.api.wait_for(
        lambda: any(f"#{fridge_id}" in m.get("text", "") for m in s.api.messages_in(SECRETARY)), timeout=30
    )
    await s.settle()
    s.press("zhao", s.private_call(205, fridge_id), Verb.CLAIM, fridge_id)
    await s.settle()
    s.press("wang", s.card(fridge)[0], Verb.CLAIM, fridge_id)
    await s.settle()

    s.section("An emergency: the chat is told to call 120 before anyone is paged")
    s.say("amy", "紧急!3号楼楼下有位老人晕倒了,谁在附近快来帮忙!", chat=NEIGHBOURS)
    await s.settle()

    s.section("The secretary asks for the report; a resident may not")
    s.say("liu", "/report")
    s.say("secretary", "/report today", chat=PRIVATE)
    await s.settle()

    await desk(s)
    s.section("A visit round (走访): 张奶奶 on the roster, 陈阿姨 reminded, visited, a note")
    s.say("secretary", "/roster add 198 201 张奶奶 独居 3/5", chat=PRIVATE)
    reminder = await s.api.wait_for(lambda: s.visit_reminder(201), timeout=30)
    await s.settle()
    s.tap("chen", reminder, reminder["reply_markup"]["inline_keyboard"][0][1]["callback_data"])
    await s.settle()
    s.say("chen", "张奶奶身体挺好,就是药快吃完了,周末我陪她去社区医院", chat=PRIVATE, reply_to=reminder["message_id"])
    await s.settle()

    s.section("The secretary's files: /report chart and /export, saved beside the demo database")
    s.say("secretary", "/report chart today", chat=PRIVATE)
    await s.settle()
    s.say("secretary", "/export today", chat=PRIVATE)
    await s.settle()
    s.save_files(SECRETARY)

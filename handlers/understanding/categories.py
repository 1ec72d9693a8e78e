"""Category keywords: what the help (or the complaint) is about.

Same line format as lexicon.py, effect ``cat:<name>``. Emergency keywords add a heavy weight to
medical or safety so that a fall in a lift is medical and a fire in a kitchen is safety.
"""

from __future__ import annotations

CATEGORIES = (
    "laundry", "errand", "repair", "medical", "elderly", "childcare", "pet", "moving", "tech",
    "legal", "meal", "transport", "borrow", "safety", "facility", "sanitation", "noise", "other",
)

CATEGORY_TABLE = """
cat:laundry 3 : 被子 | 衣服 | 床单 | 晒 | 晾 | 收衣服 | 腊肉 | 腊肠 | 萝卜干 | 豆子 | 花盆 | laundry | washing | clothes | quilt | sheets | drying | the line | take in | bring in | clothesline
cat:laundry 1 : 收一下 | 收下 | 阳台 | 鞋子 | 花 | 楼顶 | rack | 要下雨 | 下雨了 | 下雨啦 | 下大雨 | 暴雨 | 台风 | 刮大风 | 起风了 | 雨淋 | rain | pour | storm
cat:errand 3 : 快递 | 驿站 | 外卖 | 包裹 | 代收 | 签收 | 药店 | 药房 | 拿药 | 降压药 | 感冒药 | 处方药 | 超市 | 菜市场 | 菜场 | 早餐 | 排骨 | 酱油 | 牛奶 | 鸡蛋 | 寄 | parcel | package | prescription | pharmacy | post office | post a | takeaway | shops | shopping | milk | bread | fetch | letter | groceries
cat:errand 2 : 买 | 取 | 带 | 拿 | 大米 | pick up | grab | buy | collect
cat:repair 3 : 修 | 漏水 | 水管 | 水龙头 | 马桶 | 跳闸 | 电路 | 懂电 | 电工 | 热水器 | 空调 | 洗衣机 | 门锁 | 锁 | 门把手 | 链条 | 电视 | 信号 | 师傅 | 水电 | 漏电 | 不出热水 | 灯不亮 | plumb* | leak* | tap | toilet | pipe | sink | shelf | electric* | fuse | washing machine | fix | repair | appliance* | handy | flickering | light
cat:repair 2 : 拧 | 不亮
cat:repair 3 : bike | bikes | bicycle | chain | puncture | flat tyre | tyre | shower | drip* | 开锁 | 锁匠 | 插座 | 开关 | 风扇 | 排气扇 | 抽油烟机 | 油烟机 | 暖气 | 地漏 | 灯管 | 窗帘 | 门铃 | 浴霸 | 下水 | 一插就 | locksmith | lock | jammed | oven | dishwasher | microwave | hob | cooker | boiler | radiator | heater | fan | extractor | socket | sockets | fuse box | switch | curtain | curtain rail | hinge | doorbell | put up | hang
cat:repair 1 : fridge | freezer | 坏 | 灯 | 灯泡 | 自行车 | 冰箱 | drill | 堵了
cat:medical 3 : 医生 | 护士 | 血压 | 发烧 | 咳嗽 | 疼 | 痛 | 伤口 | 换药 | 胰岛素 | 血糖 | 急救 | 心肺复苏 | 头晕 | 肿 | 疹 | 疫苗 | 医学 | 病 | 受伤 | 流血 | 摔 | doctor | nurse | gp | medical | vaccine | rash | fever | swollen | ankle | wrist | first aid | blood pressure | hurt* | pain* | bleeding | injur* | sick | fell | slipped
cat:medical 1 : 手术 | 医院 | hospital
cat:elderly 3 : 独居 | 一个人住 | 看看她 | 看看他 | 去看看 | 看一眼 | 陪他 | 陪她 | 聊天 | 敲门 | 敲下门 | 打电话 | 外婆 | check on | visit | sit with | keep company | lonely | lives alone | knock* | on her own | on his own | 陪 | 下棋
cat:elderly 2 : 一个人在家
cat:elderly 1 : 老人 | 奶奶 | 爷爷 | 婆婆 | 外公 | grandma | grandmother | grandpa | grandad | older | aunt
cat:childcare 3 : 接孩子 | 放学 | 幼儿园 | 小学 | 辅导 | 作业 | 看孩子 | 照看 | 口语 | 作文 | 看一下孩子 | kid | kids | child | children | daughter | homework | kindergarten | school | tutor* | babysit* | watch my | maths | math | algebra | piano practice
cat:childcare 3 : 宝宝 | 儿子 | 女儿 | 孙子 | 孙女 | 外孙 | 闺女 | 婴儿 | 娃 | toddler | baby | babies | my son | grandson | granddaughter
cat:childcare 2 : 孩子 | 小孩 | 小朋友 | son | 接一下
cat:pet 2 : 喂
cat:pet 4 : 喂猫 | 喂狗 | 喂鱼 | 喂食 | 猫 | 狗 | 遛 | 宠物 | 泰迪 | cat | cats | dog | walk my | feed | pet | pets | puppy | kitten | fish | tabby
cat:moving 4 : moving
cat:moving 3 : 搬 | 抬 | 扛 | 挪 | 搬家 | 壮劳力 | 力气 | 家具 | 衣柜 | 书柜 | 太重 | 搬不动 | move | moving | wardrobe | mattress | heavy | furniture
cat:moving 5 : 拿不动 | 提不动 | 拎不动 | 扛不动 | 抬不动
cat:moving 4 : 抬下楼 | 搬下楼 | 扛下楼 | 拿下楼 | 拎下楼 | 抬上楼 | 搬上楼 | down the stairs | 拿上去 | 拿上楼 | 拎上楼 | 拎上去 | 提上楼 | 提上去 | 扛上楼 | carry* | lug* | up the stairs | upstairs
cat:moving 2 : 上楼 | 沙发 | 钢琴 | 床 | sofa | piano | something big
cat:tech 4 : 懂电脑 | 电脑 | 微信 | 网上 | 预约 | 挂号 | 小程序 | 智能手机 | 视频 | 打印机 | 驱动 | wifi | 路由器 | 健康码 | 付款 | 交电费 | app | computer | laptop* | tablet* | video call | online | whatsapp | router | wechat | set up | printer | techy | tech* | it,
cat:tech 2 : 手机 | phone | phones
cat:legal 4 : 律师 | 法律 | 懂法 | 劳动法 | 合同 | 押金 | 遗嘱 | 赔 | 离婚 | 工资 | 维权 | 起诉 | lawyer* | legal | law | tenancy | landlord | deposit | contract | dispute | sue | legit
cat:meal 4 : 做饭 | 送饭 | 送份饭 | 午饭 | 晚饭 | 饭菜 | 粽子 | 饺子 | 鸡汤 | 月子 | cook | meal | soup | dinner | lunch | dumpling*
cat:meal 2 : 饭 | 汤 | food
cat:transport 4 : 开车 | 捎 | 搭车 | 送我 | 陪他去医院 | 火车站 | 机场 | 油钱 | 油费 | 复查 | 透析 | lift to | a lift | ride | drive | driving | airport | station | hitch
cat:transport 2 : van | 去医院 | 顺路 | clinic | gas
cat:borrow 4 : 借 | 借用 | 闲置 | 打气筒 | 充电宝 | 轮椅 | 血压计 | 工具 | 婴儿车 | 婴儿床 | borrow | lend | loan | spare | charger | tent | cables | stroller | wheelchair | pressure cooker | toolbox
cat:borrow 2 : 梯子 | 电钻 | ladder
cat:safety 4 : 煤气 | 燃气 | 消防 | 隐患 | 高空抛物 | 扔 | 砸 | 电瓶车 | 电动车 | 充电 | fire* | smoke | gas leak | flood* | throwing | e-bike* | railing | could fall | danger* | cigarette
cat:safety 4 : fire lane | fire risk | fire hazard | 火灾隐患 | 消防隐患
cat:safety 4 : 栏杆 | 护栏
cat:safety 1 : 危险
cat:facility 3 : 路灯 | 电梯 | 门禁 | 长椅 | 木椅 | 台阶 | 井盖 | 健身器材 | lamp | streetlight | elevator | lift | gate | intercom | bench | barrier | footpath | playground | road | path | 椅 | 坑 | pothole | stairwell | stairs | corridor | hallway | 地砖 | 瓷砖
cat:facility 2 : 楼道
cat:facility 1 : 门 | 路 | 灯
cat:sanitation 4 : 垃圾 | 臭 | 苍蝇 | 蟑螂 | 老鼠 | 狗屎 | 下水道 | 积水 | 消杀 | rats | bins | rubbish | trash | smell | poop | cockroach* | pests | overflowing
cat:other 2 : 窗户 | 关窗 | 窗 | window | windows | car lights
cat:noise 5 : 一直叫 | 狗叫 | 吵 | 噪音 | 装修 | 大声 | 音响 | 唱歌 | noise | noisy | loud | barks | car alarm | music
"""

# Emergency keywords also decide the category: people in danger are medical, places are safety.
EMERGENCY_CATEGORY_TABLE = """
cat:medical 10 : 站不起来 | 起不了身 | 醒不过来 | 晕倒 | 昏倒 | 晕过去 | 昏过去 | 昏迷 | 不省人事 | 叫不醒 | 叫不应 | 不答应 | 没反应 | 没有反应 | 没意识 | 失去意识 | 没呼吸 | 没有呼吸 | 不呼吸 | 呼吸困难 | 喘不上气 | 喘不过气 | 胸口疼 | 胸口痛 | 胸痛 | 心口疼 | 心脏病 | 心梗 | 中风 | 抽搐 | 休克 | 倒地 | 倒在地上 | 突然倒下 | 倒下了 | 起不来 | 爬不起来 | 动不了 | 满头是血 | 血流不止 | 止不住血 | 大出血 | 落水 | 溺水 | 噎住
cat:medical 10 : won't wake up | can't wake | not waking | lying on the floor | lying on the ground | collaps* | fainted | passed out | unconscious | unresponsive | not responding | isn't responding | not breathing | isn't breathing | can't breathe | cannot breathe | stopped breathing | chest pain* | heart attack | stroke | seizure | choking | can't get up | cannot get up | not moving | won't stop bleeding | bleeding heavily | drowning | electrocuted | turning blue
cat:medical 10 : 胸口闷 | 胸闷 | 胸口发紧 | 心口闷 | 口齿不清 | 说话不清 | 嘴歪 | 口角歪 | 半边身子 | 半身麻 | 一边身子 | 站不住了
cat:medical 10 : chest hurts | chest is hurting | chest feels tight | chest is tight | tight chest | pains in his chest | pain in her chest | pain in his chest | slurred | slurring | face is drooping | face drooping | can't stand up | cannot stand up | unable to stand
cat:safety 10 : 着火 | 起火 | 失火 | 火灾 | 冒烟 | 浓烟 | 黑烟 | 烟好大 | 烟很大 | 冒火 | 煤气味 | 燃气味 | 天然气味 | 煤气泄漏 | 燃气泄漏 | 煤气好像没关 | 煤气没关 | 被困 | 困在 | 困人 | 关在电梯 | 卡在电梯 | 里还有人 | 里面有人 | 进水
cat:safety 10 : stove left on | hob left on | cooker left on | 燃气灶没关 | 煤气灶没关 | on fire | flames | gas leak | smell gas | smell of gas | smells like gas | smells of gas | gas smell | trapped | stuck in the lift | stuck in the elevator | still inside | someone inside
"""

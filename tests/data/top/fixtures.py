#!/usr/bin/env python3
"""Writes the input files of the fixtures under tests/data/top/ (not the
expected outputs, which are checked by hand and kept as they are):

    python3 tests/data/top/fixtures.py

Each fixture is a directory of TOP inputs in the shapes of TOP.md section 1
(trade*.json, refund*.json, tmc*, messages*.json), an `args` file with the
options of `refund import top` beyond the files, and the expected outputs:
expected.ndjson (the cases), expected-report.json and expected-exit."""
import os, sys
sys.path.insert(0, os.path.dirname(__file__))
from top import *

D = os.path.dirname(os.path.abspath(__file__))
T1, O1 = 5100000000000000001, 5100000000000000001

def args(d, text=""):
    open(os.path.join(D, d, "args"), "w").write(text + "\n")

# --- duplicates: a redelivery (same id), a re-poll (same topic, refund and
# time under another id), and a copy that conflicts.
d = os.path.join(D, "duplicates")
write(d, "trade.json", [trade(T1, [order(O1, "50.00")], post="0.00", shipping_type="free")])
write(d, "refund.json", [refund(7001, T1, O1, "SUCCESS", "商品质量问题", "2025-03-03 10:00:00", "2025-03-03 12:00:00", fee="50.00", good_return=False)])
c1 = rc(T1, O1, 7001, "2025-03-03 10:00:00", fee="50.00")
c2 = rc(T1, O1, 7001, "2025-03-03 12:00:00", fee="50.00")
write(d, "tmc.ndjson", [
    tmc(101, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", c1),
    dict(tmc(101, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", c1), retried=1),
    tmc(102, "taobao_refund_RefundSellerAgreeAgreement", "2025-03-03 12:00:01", c2),
    tmc(902, "taobao_refund_RefundSellerAgreeAgreement", "2025-03-03 12:00:05", c2),
    tmc(103, "taobao_refund_RefundSuccess", "2025-03-03 12:00:02", c2),
    tmc(103, "taobao_refund_RefundSuccess", "2025-03-03 12:00:02", dict(c2, refund_fee="49.00")),
])
args(d)

# --- out of order: a return, its messages delivered backwards.
d = os.path.join(D, "out_of_order")
T2 = 5100000000000000002
write(d, "trade.json", [trade(T2, [order(T2, "88.00", status="WAIT_BUYER_CONFIRM_GOODS", invoice_no="SF100200300")], post="8.00", payment="96.00")])
write(d, "refund.json", [refund(7002, T2, T2, "SUCCESS", "七天无理由退货", "2025-03-03 09:00:00", "2025-03-07 16:00:00", fee="88.00", good_return=True, sid="YT998877", good_return_time="2025-03-04 11:00:00")])
msgs = [
    tmc(201, "taobao_refund_RefundCreated", "2025-03-03 09:00:02", rc(T2, T2, 7002, "2025-03-03 09:00:00", fee="88.00", bill="return_bill")),
    tmc(202, "taobao_refund_RefundSellerAgreeAgreement", "2025-03-03 18:00:02", rc(T2, T2, 7002, "2025-03-03 18:00:00", fee="88.00", bill="return_bill")),
    tmc(203, "taobao_refund_RefundBuyerReturnGoods", "2025-03-04 11:00:02", rc(T2, T2, 7002, "2025-03-04 11:00:00", fee="88.00", bill="return_bill")),
    tmc(204, "taobao_refund_RefundSuccess", "2025-03-07 16:00:02", rc(T2, T2, 7002, "2025-03-07 16:00:00", fee="88.00", bill="return_bill")),
]
write(d, "tmc.ndjson", list(reversed(msgs)))
args(d)

# --- unknown topics, and topics that never yield an event.
d = os.path.join(D, "unknown_topics")
T3 = 5100000000000000003
write(d, "trade.json", [trade(T3, [order(T3, "20.00", seller_type="B")], post="0.00", shipping_type="free")])
write(d, "refund.json", [])
c = rc(T3, T3, 7003, "2025-03-03 10:00:00", fee="20.00")
write(d, "tmc.ndjson", [
    tmc(301, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", c),
    tmc(302, "taobao_logistics_LogisticsTraceUpdate", "2025-03-03 10:05:00", {"tid": T3}),
    tmc(303, "tmall_refund_RefundCreated", "2025-03-03 10:00:02", {"tid": T3}),
    tmc(304, "taobao_refund_RefundTimeoutRemind", "2025-03-04 10:00:00", {"tid": T3}),
    tmc(305, "taobao_trade_TradeChanged", "2025-03-03 10:06:00", {"tid": T3}),
    tmc(306, "taobao_logistics_LogisticsTraceUpdate", "2025-03-03 11:05:00", {"tid": T3}),
    tmc(307, "taobao_refund_RefundClosed", "2025-03-04 09:00:01", rc(T3, T3, 7003, "2025-03-04 09:00:00", fee="20.00")),
])
args(d)

# --- two sub-orders: postage shared out, a refund on each, one message
# attributed by its Refund, one that cannot be attributed.
d = os.path.join(D, "two_suborders")
T4, A4, B4 = 5100000000000000004, 5100000000000000041, 5100000000000000042
write(d, "trade.json", [trade(T4, [order(A4, "60.00", divide_order_fee="55.00"), order(B4, "40.00", divide_order_fee="38.00")], post="10.00", payment="103.00")])
write(d, "refund.json", [
    refund(7041, T4, A4, "SUCCESS", "少件/漏发", "2025-03-03 10:00:00", "2025-03-03 11:00:00", fee="55.00", good_return=False),
    refund(7042, T4, B4, "WAIT_SELLER_AGREE", "不喜欢/效果不好", "2025-03-04 10:00:00", fee="38.00", good_return=True),
])
write(d, "tmc.ndjson", [
    tmc(401, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", rc(T4, A4, 7041, "2025-03-03 10:00:00", fee="55.00")),
    tmc(402, "taobao_refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:01", rc(T4, A4, 7041, "2025-03-03 11:00:00", fee="55.00")),
    tmc(403, "taobao_refund_RefundCreated", "2025-03-04 10:00:01", {k: v for k, v in rc(T4, B4, 7042, "2025-03-04 10:00:00", fee="38.00", bill="return_bill").items() if k != "oid"}),
    tmc(404, "taobao_refund_RefundCreated", "2025-03-05 10:00:01", {k: v for k, v in rc(T4, B4, 7049, "2025-03-05 10:00:00", fee="1.00").items() if k != "oid"}),
])
args(d)

# --- closed, then requested again under a new refund_id.
d = os.path.join(D, "closed_then_rerequested")
T5 = 5100000000000000005
write(d, "trade.json", [trade(T5, [order(T5, "30.00", status="TRADE_CLOSED", refund_status="SUCCESS", payment="0.00")], status="TRADE_CLOSED", post="0.00", shipping_type="free", end="2025-03-06 10:00:00")])
write(d, "refund.json", [
    refund(7051, T5, T5, "CLOSED", "拍错了", "2025-03-03 10:00:00", "2025-03-03 15:00:00", fee="30.00", good_return=False),
    refund(7052, T5, T5, "SUCCESS", "质量问题", "2025-03-05 10:00:00", "2025-03-06 10:00:00", fee="30.00", good_return=False),
])
write(d, "tmc.ndjson", [
    tmc(501, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", rc(T5, T5, 7051, "2025-03-03 10:00:00")),
    tmc(502, "taobao_refund_RefundClosed", "2025-03-03 15:00:01", rc(T5, T5, 7051, "2025-03-03 15:00:00")),
    tmc(503, "taobao_refund_RefundCreated", "2025-03-05 10:00:01", rc(T5, T5, 7052, "2025-03-05 10:00:00")),
    tmc(504, "taobao_refund_RefundSellerAgreeAgreement", "2025-03-06 10:00:01", rc(T5, T5, 7052, "2025-03-06 10:00:00")),
    tmc(505, "taobao_refund_RefundSuccess", "2025-03-06 10:00:02", rc(T5, T5, 7052, "2025-03-06 10:00:00")),
])
args(d)

# --- intervention: refused, the platform called in, ruled for the buyer.
d = os.path.join(D, "intervention")
T6 = 5100000000000000006
write(d, "trade.json", [trade(T6, [order(T6, "120.00", seller_type="B")], post="0.00", shipping_type="free")])
write(d, "refund.json", [refund(7006, T6, T6, "SUCCESS", "质量问题", "2025-03-03 10:00:00", "2025-03-09 10:00:00", fee="120.00", good_return=False, cs_status=6)])
write(d, "messages.json", [{"refund_messages_get_response": {"refund_messages": {"refund_message": [
    {"id": 88001, "refund_id": 7006, "owner_id": 1, "owner_nick": "tb_buyer", "owner_role": 1, "content": "质量有问题", "created": "2025-03-03 10:05:00", "message_type": "NORMAL"},
    {"id": 88002, "refund_id": 7006, "owner_id": 3, "owner_nick": "小二", "owner_role": 3, "content": "已介入", "created": "2025-03-06 09:00:00", "message_type": "NORMAL"}]}}}])
c = lambda mod: rc(T6, T6, 7006, mod, fee="120.00")
write(d, "tmc.ndjson", [
    tmc(601, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", c("2025-03-03 10:00:00")),
    tmc(602, "taobao_refund_RefundSellerRefuseAgreement", "2025-03-04 10:00:01", c("2025-03-04 10:00:00")),
    tmc(603, "taobao_refund_TaobaoInterApplied", "2025-03-05 10:00:01", c("2025-03-05 10:00:00")),
    tmc(604, "taobao_refund_TaobaoIntervened", "2025-03-06 09:00:01", c("2025-03-06 09:00:00")),
    tmc(605, "taobao_refund_RefundSuccess", "2025-03-09 10:00:01", c("2025-03-09 10:00:00")),
])
args(d)

# --- snapshot only: push-database rows, no TMC for the refund; the return
# agreement's time from a refund message.
d = os.path.join(D, "snapshot_only")
T7 = 5100000000000000007
tr = trade(T7, [order(T7, "200.00", status="TRADE_CLOSED", refund_status="SUCCESS", payment="10.00", invoice_no="ZT2233445566")], status="TRADE_CLOSED", post="10.00", payment="210.00", end="2025-03-12 10:00:00", modified="2025-03-12 10:00:00")
rf = refund(7007, T7, T7, "SUCCESS", "商品与描述不符", "2025-03-04 10:00:00", "2025-03-12 10:00:00", fee="200.00", good_return=True, sid="YD5566778899", good_return_time="2025-03-06 09:30:00", dispute_type="REFUND_AND_RETURN", cs_status=1)
write(d, "trade.json", [{"tid": T7, "status": "TRADE_CLOSED", "seller_nick": "晴川文具屋", "buyer_nick": "tb_buyer", "created": "2025-03-01 10:00:00", "modified": "2025-03-12 10:00:00", "jdp_hashcode": "-102938", "jdp_created": "2025-03-01 10:00:05", "jdp_modified": "2025-03-12 10:00:03", "jdp_response": dumps(tr)}])
write(d, "refund.json", [{"refund_id": 7007, "tid": T7, "oid": T7, "status": "SUCCESS", "seller_nick": "晴川文具屋", "buyer_nick": "tb_buyer", "created": "2025-03-04 10:00:00", "modified": "2025-03-12 10:00:00", "jdp_hashcode": "77", "jdp_created": "2025-03-04 10:00:03", "jdp_modified": "2025-03-12 10:00:02", "jdp_response": dumps(rf)}], pretty=True)
write(d, "messages.json", [
    {"id": 99001, "refund_id": 7007, "owner_role": 2, "content": "退货地址:杭州市...", "created": "2025-03-04 16:20:00", "message_type": "RETURN_GOODS_APPROVED"}], pretty=True)
write(d, "tmc.ndjson", [])
args(d)

# --- a trade missing, a refund of a sub-order its trade does not have.
d = os.path.join(D, "missing_trade_orphan")
T8, T9 = 5100000000000000008, 5100000000000000009
write(d, "trade.json", [trade(T9, [order(T9, "15.00")], post="0.00", shipping_type="free")])
write(d, "refund.json", [
    refund(7008, T8, T8, "WAIT_SELLER_AGREE", "未收到货", "2025-03-03 10:00:00", fee="15.00", good_return=False),
    refund(7009, T9, 5100000000000000099, "WAIT_SELLER_AGREE", "未收到货", "2025-03-03 10:00:00", fee="15.00", good_return=False),
    refund(7010, T9, T9, "WAIT_SELLER_AGREE", "未收到货", "2025-03-03 11:00:00", fee="15.00", good_return=False)])
write(d, "tmc.ndjson", [
    tmc(801, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", rc(T8, T8, 7008, "2025-03-03 10:00:00", fee="15.00")),
    tmc(802, "taobao_refund_RefundCreated", "2025-03-03 10:00:02", rc(T9, 5100000000000000099, 7009, "2025-03-03 10:00:00", fee="15.00")),
    tmc(803, "taobao_trade_TradeBuyerPay", "2025-03-01 10:01:01", {"tid": T8, "oid": T8, "status": "WAIT_SELLER_SEND_GOODS"}),
])
args(d)

# --- the same, with --allow-missing-trade --channel c_store.
d = os.path.join(D, "missing_trade_allowed")
write(d, "trade.json", [])
write(d, "refund.json", [refund(7008, T8, T8, "WAIT_SELLER_AGREE", "未收到货", "2025-03-03 10:00:00", fee="15.00", good_return=False, total_fee="15.00")])
write(d, "tmc.ndjson", [
    tmc(801, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", rc(T8, T8, 7008, "2025-03-03 10:00:00", fee="15.00")),
    tmc(803, "taobao_trade_TradeBuyerPay", "2025-03-01 10:01:01", {"tid": T8, "oid": T8, "status": "WAIT_SELLER_SEND_GOODS"}),
    tmc(804, "taobao_trade_TradeSellerShip", "2025-03-02 10:01:01", {"tid": T8, "oid": T8, "status": "WAIT_BUYER_CONFIRM_GOODS"}),
])
args(d, "--allow-missing-trade --channel c_store")

# --- format errors: each record fails its own case, the others are written.
d = os.path.join(D, "format_errors")
TA, TB, TC, TD = 5100000000000000010, 5100000000000000011, 5100000000000000012, 5100000000000000013
write(d, "trade.json", [
    trade(TA, [order(TA, "10.00")], post="0.00", shipping_type="free"),
    trade(TB, [order(TB, "10.00", payment=10)], post="0.00", shipping_type="free"),
    trade(TC, [order(TC, "10.00")], post="0.00", shipping_type="free"),
    trade(TD, [order(TD, "10.00")], post="0.00", shipping_type="free")])
write(d, "refund.json", [refund(7012, TC, TC, "WAIT_SELLER_AGREE", "未收到货", "2025/03/03 10:00:00", fee="10.00")])
lines = [dumps(x) for x in [
    tmc(1001, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", rc(TA, TA, 7010, "2025-03-03 10:00:00", fee="10.00")),
    tmc(1002, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", rc(TB, TB, 7011, "2025-03-03 10:00:00", fee="10.00")),
    tmc(1003, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", rc(TC, TC, 7012, "2025-03-03 10:00:00", fee="10.00")),
    tmc(1009, "taobao_refund_RefundCreated", "2025-03-03 10:00:01", rc(TD, TD, 7015, "2025-03-03 10:00:00", fee="10.00")),
]]
lines += [
    '{"id":1004,"topic":"taobao_refund_RefundSellerAgreeAgreement","pub_time":"2025-03-03 11:00:01","content":"{\\"tid\\":%d,\\"oid\\":%d,\\"refund_id\\":7010,\\"refund_fee\\":10.00,\\"modified\\":\\"2025-03-03 11:00:00\\"}"}' % (TA, TA),
    '{"id":1005,"topic":"taobao_refund_RefundSuccess","pub_time":"2025-03-03 11:00:01",',
    '{"id":12345678901234567890,"topic":"taobao_refund_RefundSuccess","pub_time":"2025-03-03 11:00:01","content":"{}"}',
    '{"id":1006,"pub_time":"2025-03-03 11:00:01","content":"{}"}',
    '{"id":1007,"topic":"taobao_refund_RefundClosed","pub_time":"2025-03-03 11:00:01","content":"{\\"tid\\":%d,\\"refund_id\\":7013,\\"modified\\":\\"2025-03-03 25:00:00\\"}"}' % TC,
    '{"id":1008,"topic":"taobao_refund_RefundClosed","pub_time":"2025-03-03 11:00:01","content":"{\\"tid\\":%d,\\"refund_id\\":7014,"}' % TC,
]
open(os.path.join(d, "tmc.ndjson"), "w").write("\n".join(lines) + "\n")
args(d)

# An independent generator of refund-case/1 NDJSON for `make bench` (issue
# 19): written apart from gen.c, sharing no code, shapes or random numbers
# with it, the way another shop system's export might look. A Tmall-heavy
# shop; 19-digit trade ids; keys in another order than FORMAT.md's (events
# before order, schema last, `type` before `at`); a space after every colon
# and comma; money written "88", "88.5" or "88.50"; one line in five in UTC
# (`Z`); Chinese notes as buyers and sellers write them, without escapes (the
# escaped set is gen.c's). Every line is a valid case: `make bench` stops if
# the audit reports a bad line.
#
#   awk -v count=N [-v seed=S] -f gen_export.awk > export.ndjson
#
# Prints "histories N events M" on standard error. POSIX awk, run here by
# mawk: integers stay below 2^53 and each statement draws its random numbers
# in an order awk fixes, so another awk should write the same bytes.

# Park-Miller minimal standard generator: x * 16807 < 2^46 stays exact.
function rnd(n) { rng = (rng * 16807) % 2147483647; return rng % n }

# The date of day z since 1970-01-01 (H. Hinnant's civil_from_days).
function put_day(z,   era, doe, yoe, y, doy, mp, d, m) {
    z += 719468; era = int(z / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
    m = mp < 10 ? mp + 3 : mp - 9
    return sprintf("%04d-%02d-%02d", m <= 2 ? y + 1 : y, m, d)
}
function stamp(t,   s) {
    s = utc ? t : t + 28800
    return sprintf("%sT%02d:%02d:%02d%s", put_day(int(s / 86400)), int(s % 86400 / 3600), int(s % 3600 / 60),
                   s % 60, utc ? "Z" : "+08:00")
}
function wait(lo, hi) { now += lo + rnd(hi - lo + 1) }
function money(fen,   y, c) {
    y = int(fen / 100); c = fen % 100
    if (c == 0 && rnd(2)) return "\"" y "\""
    if (c % 10 == 0 && rnd(2)) return "\"" y "." int(c / 10) "\""
    return sprintf("\"%d.%02d\"", y, c)
}
function note(list, n) { return ", \"note\": \"" list[1 + rnd(n)] "\"" }
# One event: `type` first, then who and when, then the rest.
function ev(actor, type, extra) {
    out = out (nev ? ", " : "") "{\"type\": \"" type "\", \"actor\": \"" actor "\", \"at\": \"" stamp(now) \
          "\", \"id\": \"" tid "-" (++nev) "\"" extra "}"
    events++
}
function tracking(   c) { c = carriers[1 + rnd(5)]; return ", \"tracking\": \"" c (100000000 + rnd(900000000)) "\"" }
function reason_of(r) { return ", \"reason\": \"" r "\"" }

function ship() {
    wait(1800, 40 * 3600); ev("seller", "shipped", tracking())
    wait(20 * 3600, 3 * 86400); ev("carrier", "delivered", "")
}
function request(kind, reason, fen, goods,   m) {
    m = money(fen)
    ev("buyer", "refund_requested", ", \"amount\": " m ", \"kind\": \"" kind "\"" reason_of(reason) \
       (goods ? ", \"goods\": \"" goods "\"" : "") (rnd(3) ? note(bnotes, nb) : ""))
}
function give_back(fen,   t) {
    wait(600, 20 * 3600); ev("seller", "refund_agreed", "")
    wait(3600, 2 * 86400); t = tracking(); ev("buyer", "return_shipped", t ", \"postage\": " money(800 + 100 * rnd(12)))
    wait(86400, 3 * 86400); ev("seller", "return_received", ", \"amount\": " money(fen))
}

function history(i,   story, fen, part, k, r, o) {
    tid = sprintf("3%09d%09d", 200000000 + rnd(700000000), i)
    channel = rnd(10); channel = channel < 6 ? "mall" : channel < 9 ? "c_store" : "mt"
    fen = 990 + 100 * rnd(2000)
    if (rnd(3) == 0) fen += rnd(100)
    free = channel == "mall" || rnd(2)
    utc = rnd(5) == 0
    now = 1672502400 + rnd(1000) * 86400
    now += rnd(86400)
    out = ""; nev = 0
    ev("buyer", "order_created", "")
    wait(20, 1800); ev("buyer", "paid", "")
    story = rnd(100)
    if (story < 30) {                           # clean, with a review
        ship()
        if (rnd(6) == 0) { wait(3600, 3 * 86400); ev("buyer", "receipt_extended", ", \"days\": " (3 + 2 * rnd(3))) }
        wait(3600, 5 * 86400); ev("buyer", "receipt_confirmed", "")
        wait(600, 3 * 86400)
        r = rnd(8) ? "positive" : "neutral"
        ev("buyer", "review_posted", ", \"rating\": \"" r "\"" (rnd(2) ? note(reviews, nr) : ""))
        if (rnd(3) == 0) { wait(86400, 2 * 86400); ev("platform", "review_effective", "") }
    } else if (story < 45) {                    # refund before shipping
        wait(300, 20 * 3600); request("refund_only", rnd(2) ? "no_reason" : "other", fen, "")
        wait(300, 30 * 3600); ev("seller", "refund_agreed", "")
    } else if (story < 65) {                    # seven-day return
        ship(); wait(3600, 4 * 86400); request("return_refund", "no_reason", fen, "resellable"); give_back(fen)
    } else if (story < 73) {                    # quality exchange
        ship(); wait(3600, 5 * 86400); request("exchange", "quality", fen, rnd(4) ? "resellable" : "not_resellable")
        wait(600, 20 * 3600); ev("seller", "refund_agreed", "")
        wait(3600, 2 * 86400); ev("buyer", "return_shipped", tracking())
        wait(86400, 3 * 86400); ev("seller", "return_received", "")
        wait(3600, 2 * 86400); ev("seller", "exchange_shipped", tracking())
        wait(86400, 3 * 86400); ev("buyer", "exchange_received", "")
    } else if (story < 80) {                    # cancelled, asked again for part
        ship(); wait(3600, 3 * 86400); request("return_refund", "quality", fen, "resellable")
        wait(600, 86400); ev("buyer", "refund_cancelled", note(cancels, nc))
        part = fen - rnd(int(fen / 2))
        wait(3600, 86400); request("refund_only", "not_as_described", part, "")
        wait(600, 20 * 3600); ev("seller", "refund_agreed", ", \"amount\": " money(part))
    } else if (story < 87) {                    # refused, the platform steps in
        ship(); wait(3600, 4 * 86400); request("return_refund", "quality", fen, "resellable")
        wait(600, 2 * 86400); ev("seller", "refund_refused", note(snotes, ns))
        wait(600, 86400); ev("buyer", "intervention_requested", "")
        wait(3600, 2 * 86400); ev("platform", "intervention_started", "")
        for (k = 1 + rnd(3); k > 0; k--) {
            wait(600, 86400)
            r = rnd(2) ? "buyer" : "seller"
            ev(r, "evidence_submitted", ", \"evidence\": \"" proofs[1 + rnd(5)] "\"")
        }
        wait(3600, 3 * 86400)
        if (rnd(2)) ev("platform", "ruling", ", \"for\": \"buyer\", \"amount\": " money(fen))
        else ev("platform", "ruling", ", \"for\": \"seller\"")
    } else if (story < 92) {                    # parcel lost
        wait(1800, 30 * 3600); ev("seller", "shipped", tracking())
        wait(5 * 86400, 9 * 86400); request("refund_only", rnd(2) ? "lost" : "not_received", fen, "")
        wait(600, 30 * 3600); ev("seller", "refund_agreed", "")
    } else if (story < 97) {                    # a bad review, a complaint
        ship(); wait(3600, 2 * 86400); ev("buyer", "receipt_confirmed", "")
        wait(600, 86400); ev("buyer", "review_posted", ", \"rating\": \"negative\"" note(reviews, nr))
        wait(86400, 2 * 86400); ev("platform", "review_effective", "")
        wait(3600, 2 * 86400); ev("seller", "complaint_filed", ", \"complaint\": \"malicious_review\"" note(snotes, ns))
        if (rnd(3)) {
            wait(3600, 2 * 86400); ev("buyer", "complaint_appealed", ", \"evidence\": \"chat_log\"")
            wait(86400, 3 * 86400); ev("platform", "complaint_resolved", ", \"for\": \"" (rnd(2) ? "buyer" : "seller") "\"")
        } else {
            wait(3600, 86400); ev("seller", "complaint_withdrawn", ", \"complaint\": \"malicious_review\"")
        }
    } else {                                    # shipped late, the buyer complains
        wait(3 * 86400, 6 * 86400); ship()
        wait(3600, 86400); ev("buyer", "complaint_filed", ", \"complaint\": \"delayed_shipment\"" note(bnotes, nb))
    }
    # awk leaves open the order in which it evaluates the parts of a list or a
    # concatenation, so no statement draws random numbers in two of its parts.
    o = "{\"events\": [" out "], \"order\": {\"id\": \"" tid "\", \"channel\": \"" channel "\", \"delivery\": \""
    o = o (rnd(20) ? "express" : "surface_mail") "\", \"item_amount\": "
    o = o money(fen) ", \"shipping_fee\": "
    o = o (free ? "\"0\"" : money(600 + 100 * rnd(10))) ", \"free_shipping\": " (free ? "true" : "false")
    o = o ", \"seller_shipping_cost\": " money(500 + 100 * rnd(10))
    o = o ", \"seven_day_return\": " (rnd(25) ? "true" : "false") ", \"shipping_insurance\": \""
    o = o (rnd(3) ? "buyer" : rnd(2) ? "none" : "seller") "\", \"invoice_issued\": "
    o = o (channel == "mall" && rnd(2) ? "true" : "false") ", \"ship_exempt\": "
    print o (rnd(50) ? "null" : "\"presale\"") "}, \"schema\": \"refund-case/1\"}"
}

BEGIN {
    if (count == "") count = 100000
    rng = seed ? seed % 2147483646 + 1 : 20241111
    nb = split("七天无理由退货|衣服尺码偏大,想换小一码|快递盒破损,商品有划痕|发错颜色了,要的是藏青色|" \
               "面料起球,和详情页描述不符|拍错了,不想要了|少发了一个配件|收到的是旧款,包装也拆过了", bnotes, "|")
    ns = split("商品已使用,影响二次销售|吊牌已拆,不支持无理由退货|买家提供的照片无法证明质量问题|" \
               "已与买家协商一致,按部分退款处理|请按实付金额申请退款", snotes, "|")
    nc = split("和卖家协商好了,先撤销|填错退款原因,重新申请|东西找到了,不退了", cancels, "|")
    nr = split("质量不错,物流很快|和图片一样,好评|客服态度很好,有问题马上处理|一般般吧,凑合用|" \
               "包装简陋,衣服有线头|颜色偏暗,穿着还行", reviews, "|")
    split("SF|YT|ZTO|YD|JD", carriers, "|")
    split("chat_log|wangwang_evidence_no|site_mail|sms_photo|call_list", proofs, "|")
    for (i = 0; i < count; i++) history(i)
    printf "histories %d events %d\n", count, events > "/dev/stderr"
}

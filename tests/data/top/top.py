# helpers to write TOP fixtures
import json, os
def dumps(o): return json.dumps(o, ensure_ascii=False, separators=(',',':'))
def trade(tid, orders, status="WAIT_BUYER_CONFIRM_GOODS", created="2025-03-01 10:00:00", pay="2025-03-01 10:01:00",
          consign="2025-03-02 09:00:00", end=None, post="0.00", payment=None, shipping_type="express", has_yfx=False, modified=None, type_="fixed"):
    t={"tid":tid,"type":type_,"status":status,"seller_nick":"晴川文具屋","buyer_nick":"tb_buyer","created":created}
    if pay: t["pay_time"]=pay
    if consign: t["consign_time"]=consign
    if end: t["end_time"]=end
    if modified: t["modified"]=modified
    t["post_fee"]=post; t["shipping_type"]=shipping_type; t["has_yfx"]=has_yfx
    if payment: t["payment"]=payment
    t["orders"]={"order":orders}
    return {"trade_fullinfo_get_response":{"trade":t}}
def order(oid, total, status="WAIT_BUYER_CONFIRM_GOODS", seller_type="C", **kw):
    o={"oid":oid,"title":"商品","num":1,"price":total,"total_fee":total,"status":status,"seller_type":seller_type}
    o.update(kw); return o
def refund(rid, tid, oid, status, reason, created, modified=None, fee="30.00", good_return=None, **kw):
    r={"refund_id":str(rid),"tid":tid,"oid":oid,"status":status,"reason":reason,"refund_fee":fee,"created":created}
    if modified: r["modified"]=modified
    if good_return is not None: r["has_good_return"]=good_return
    r.update(kw)
    return {"refund_get_response":{"refund":r}}
def tmc(id, topic, pub, content, as_object=False):
    return {"id":id,"topic":topic,"pub_time":pub,"pub_app_key":"12345678","user_id":2206612345,"user_nick":"晴川文具屋",
            "content": content if as_object else dumps(content)}
def rc(tid, oid, rid, mod, fee="30.00", bill="refund_bill", **kw):
    c={"tid":tid,"oid":oid,"refund_id":rid,"buyer_nick":"tb_buyer","seller_nick":"晴川文具屋","modified":mod,"refund_fee":fee}
    if bill: c["bill_type"]=bill
    c.update(kw); return c
def write(d, name, values, pretty=False):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d,name),'w') as f:
        for v in values:
            f.write((json.dumps(v,ensure_ascii=False,indent=2) if pretty else dumps(v))+'\n')

/*
 * refund new: a starting case file from what the seller console shows (the
 * order's amounts and flags, when it was paid, shipped and delivered) and,
 * if the buyer has asked, the request and the seller's answer. The staff
 * member then checks it, or appends what happens next with `refund apply`.
 *
 * The file records what happened, so every event given is written, even
 * one the rules say should not have happened (a seller refusing an eligible
 * 7-day return): that is the finding `refund check` then shows. Each
 * finding is also printed here, on stderr, as a warning. Times before one
 * another are a usage error: the console's dates are in order.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The events `new` can write, in the order of their times. */
enum { NEW_CREATED, NEW_PAID, NEW_SHIPPED, NEW_DELIVERED, NEW_REQUEST, NEW_ANSWER, NEW_COUNT };

typedef struct new_event {
    bool given;
    rf_time at;
    const char *option;   /* what set its time, for messages */
    rf_event ev;
} new_event;

/* Writes text to path, which must not exist: a case file is a history, and
 * `new` never replaces one. Returns 0 or 5 after a message. */
static int write_new_file(const char *path, const char *text, size_t len) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            fprintf(stderr,
                    CLI_TEXT("refund: %s: already exists; new does not replace a case (remove it, or choose another name)\n",
                             "refund: %s: 文件已存在; new 不会覆盖案件文件 (请先删除, 或换个文件名)\n"),
                    path);
        else
            fprintf(stderr, "refund: %s: %s\n", path, cli_strerror(errno));
        return 5;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += (size_t)n;
    }
    int failed = done < len || fsync(fd) != 0;
    if (close(fd) != 0) failed = 1;
    if (failed) {
        fprintf(stderr, CLI_TEXT("refund: %s: could not be written: %s\n", "refund: %s: 写入失败: %s\n"), path,
                cli_strerror(errno));
        unlink(path);
        return 5;
    }
    return 0;
}

/* Names every required option not given, with what it takes. */
static int new_missing(const cli_opts *o) {
    char values[512];
    const char *names[3], *what[3];
    size_t n = 0;
    if (!cli_given(o, CLI_OPT_CHANNEL)) {
        names[n] = "--channel";
        what[n++] = cli_one_of(RF_ENUM_CHANNEL, values, sizeof values);
    }
    if (!cli_given(o, CLI_OPT_ITEM) && !cli_given(o, CLI_OPT_AMOUNT)) {
        names[n] = CLI_TEXT("--item X", "--item 金额");
        what[n++] = CLI_TEXT("what the buyer paid for the goods, in yuan (or --amount X)",
                             "买家为商品实付的金额, 以元计 (或用 --amount 金额)");
    }
    if (!cli_given(o, CLI_OPT_PAID) && !cli_given(o, CLI_OPT_CREATED)) {
        names[n] = CLI_TEXT("--paid TIME", "--paid 时间");
        what[n++] = CLI_TEXT("when the buyer paid, as the seller console shows it: YYYY-MM-DD HH:MM",
                             "买家付款的时间, 照卖家后台显示的写: YYYY-MM-DD HH:MM");
    }
    return n ? cli_missing(o, n, names, what) : 0;
}

/* Reads the order's options into *order. */
static int read_order(const cli_opts *o, rf_order *order) {
    int channel = -1, insurance = RF_INSURANCE_NONE, rc;
    bool has_item = cli_given(o, CLI_OPT_ITEM);
    rf_fen amount = 0;
    if ((rc = cli_enum_opt(o, CLI_OPT_CHANNEL, RF_ENUM_CHANNEL, &channel)) ||
        (rc = cli_enum_opt(o, CLI_OPT_INSURANCE, RF_ENUM_INSURANCE, &insurance)) ||
        (rc = cli_money_opt(o, CLI_OPT_ITEM, &order->item_amount)) ||
        (rc = cli_money_opt(o, CLI_OPT_AMOUNT, &amount)) ||
        (rc = cli_money_opt(o, CLI_OPT_SHIPPING_FEE, &order->shipping_fee)) ||
        (rc = cli_money_opt(o, CLI_OPT_SELLER_POSTAGE, &order->seller_shipping_cost)) ||
        (rc = cli_yes_no_opt(o, CLI_OPT_INVOICE_ISSUED, &order->invoice_issued)) ||
        (rc = cli_yes_no_opt(o, CLI_OPT_SEVEN_DAY, &order->seven_day_return)))
        return rc;
    if (!has_item) order->item_amount = amount; /* as quote: the amount asked is the item's */
    order->channel = (rf_channel)channel;
    order->insurance = (rf_insurance)insurance;
    order->free_shipping = cli_given(o, CLI_OPT_FREE_SHIPPING);
    return 0;
}

/* Reads the times and the request into ev[], checking that they go
 * together and come in order. */
static int read_events(const cli_opts *o, const rf_order *order, new_event ev[NEW_COUNT]) {
    static const struct { int slot; cli_opt_id id; const char *name; rf_actor actor; rf_event_type type; } times[] = {
        {NEW_CREATED, CLI_OPT_CREATED, "--created", RF_ACTOR_BUYER, RF_EV_ORDER_CREATED},
        {NEW_PAID, CLI_OPT_PAID, "--paid", RF_ACTOR_BUYER, RF_EV_PAID},
        {NEW_SHIPPED, CLI_OPT_SHIPPED, "--shipped", RF_ACTOR_SELLER, RF_EV_SHIPPED},
        {NEW_DELIVERED, CLI_OPT_DELIVERED, "--delivered", RF_ACTOR_CARRIER, RF_EV_DELIVERED},
        {NEW_REQUEST, CLI_OPT_AT, "--at", RF_ACTOR_BUYER, RF_EV_REFUND_REQUESTED},
        {NEW_ANSWER, CLI_OPT_REFUSED, "--refused", RF_ACTOR_SELLER, RF_EV_REFUND_REFUSED},
        {NEW_ANSWER, CLI_OPT_AGREED, "--agreed", RF_ACTOR_SELLER, RF_EV_REFUND_AGREED},
    };
    int rc;
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        new_event *e = &ev[times[i].slot];
        if (!cli_given(o, times[i].id)) continue;
        if (e->given)
            return cli_usage(o, CLI_TEXT("new: %s and %s: the seller either agreed or refused",
                                         "new: %s 和 %s 不能同时给: 卖家要么同意, 要么拒绝"),
                             e->option, times[i].name);
        if ((rc = cli_time_opt(o, times[i].id, &e->at))) return rc;
        e->given = true;
        e->option = times[i].name;
        e->ev.actor = times[i].actor;
        e->ev.type = times[i].type;
    }
    bool request = cli_given(o, CLI_OPT_REQUEST);
    /* The order begins with its creation: by default the instant of the
     * payment, since the console shows both and a minute invented between
     * them would change nothing but the file. */
    if (!ev[NEW_CREATED].given) {
        ev[NEW_CREATED] = ev[NEW_PAID];
        ev[NEW_CREATED].option = "--paid";
        ev[NEW_CREATED].ev.actor = RF_ACTOR_BUYER;
        ev[NEW_CREATED].ev.type = RF_EV_ORDER_CREATED;
    }
    if (ev[NEW_DELIVERED].given && !ev[NEW_SHIPPED].given)
        return cli_usage(o, CLI_TEXT("new: --delivered needs --shipped (when the seller shipped)",
                                     "new: 给了 --delivered 就要给 --shipped (卖家发货的时间)"));
    if (cli_given(o, CLI_OPT_TRACKING) && !ev[NEW_SHIPPED].given)
        return cli_usage(o, CLI_TEXT("new: --tracking goes with --shipped", "new: --tracking 要和 --shipped 一起用"));
    const cli_opt_id with_request[] = {CLI_OPT_REASON, CLI_OPT_AT, CLI_OPT_AGREED, CLI_OPT_REFUSED,
                                       CLI_OPT_NOTE, CLI_OPT_NOT_RESELLABLE};
    const char *names[] = {"--reason", "--at", "--agreed", "--refused", "--note", "--not-resellable"};
    for (size_t i = 0; !request && i < sizeof names / sizeof names[0]; i++)
        if (cli_given(o, with_request[i])) {
            char kinds[256];
            return cli_usage(o, CLI_TEXT("new: %s goes with --request KIND (%s)", "new: %s 要和 --request 类型 一起用 (%s)"),
                             names[i], cli_enum_values(RF_ENUM_KIND, kinds, sizeof kinds));
        }
    if (cli_given(o, CLI_OPT_NOTE) && !ev[NEW_ANSWER].given)
        return cli_usage(o, CLI_TEXT("new: --note goes with --refused or --agreed (the seller's note)",
                                     "new: --note 要和 --refused 或 --agreed 一起用 (卖家的说明)"));
    if (request) {
        rf_event *r = &ev[NEW_REQUEST].ev;
        int kind = -1, reason = -1;
        rf_fen amount = order->item_amount;
        if ((rc = cli_enum_opt(o, CLI_OPT_REQUEST, RF_ENUM_KIND, &kind)) ||
            (rc = cli_enum_opt(o, CLI_OPT_REASON, RF_ENUM_REASON, &reason)))
            return rc;
        if (reason < 0) {
            char values[512];
            return cli_usage(o, CLI_TEXT("new: --request needs --reason, one of: %s", "new: 给了 --request 就要给 --reason, 取以下之一: %s"),
                             cli_enum_values(RF_ENUM_REASON, values, sizeof values));
        }
        if (cli_given(o, CLI_OPT_ITEM) && (rc = cli_money_opt(o, CLI_OPT_AMOUNT, &amount))) return rc;
        if (!ev[NEW_REQUEST].given) {
            /* The buyer is asking now, in chat. */
            ev[NEW_REQUEST].given = true;
            ev[NEW_REQUEST].at = o->has_now ? o->now : (rf_time)time(NULL);
            ev[NEW_REQUEST].option = o->has_now ? CLI_TEXT("--now (--at not given)", "--now (未给 --at)")
                                                : CLI_TEXT("now (--at not given)", "现在 (未给 --at)");
            r->actor = RF_ACTOR_BUYER;
            r->type = RF_EV_REFUND_REQUESTED;
        }
        r->kind = (rf_kind)kind;
        r->reason = (rf_reason)reason;
        r->goods = cli_given(o, CLI_OPT_NOT_RESELLABLE) ? RF_GOODS_NOT_RESELLABLE : RF_GOODS_RESELLABLE;
        r->has = RF_HAS_KIND | RF_HAS_REASON | RF_HAS_GOODS;
        /* An exchange asks for no money unless an amount is given beside
         * the item's price. */
        if (kind != RF_KIND_EXCHANGE || (cli_given(o, CLI_OPT_ITEM) && cli_given(o, CLI_OPT_AMOUNT))) {
            r->amount = amount;
            r->has |= RF_HAS_AMOUNT;
        }
    }
    if (ev[NEW_SHIPPED].given && cli_given(o, CLI_OPT_TRACKING)) {
        ev[NEW_SHIPPED].ev.tracking = cli_value(o, CLI_OPT_TRACKING);
        ev[NEW_SHIPPED].ev.has |= RF_HAS_TRACKING;
    }
    if (ev[NEW_ANSWER].given && cli_given(o, CLI_OPT_NOTE)) {
        ev[NEW_ANSWER].ev.note = cli_value(o, CLI_OPT_NOTE);
        ev[NEW_ANSWER].ev.has |= RF_HAS_NOTE;
    }
    /* In the order of the console, each no earlier than the one before. */
    const new_event *last = NULL;
    for (int i = 0; i < NEW_COUNT; i++) {
        if (!ev[i].given) continue;
        if (last && ev[i].at < last->at) {
            char a[32], b[32];
            return cli_usage(o, CLI_TEXT("new: %s (%s) is before %s (%s)", "new: %s (%s) 早于 %s (%s)"), ev[i].option,
                             rf_time_format(ev[i].at, a), last->option, rf_time_format(last->at, b));
        }
        last = &ev[i];
    }
    return 0;
}

/* The default order id: NEW-YYYYMMDD-HHMM of the creation, +08:00. */
static void default_id(rf_time created, char id[32]) {
    char t[32];
    rf_time_format(created, t);
    snprintf(id, 32, "NEW-%.4s%.2s%.2s-%.2s%.2s", t, t + 5, t + 8, t + 11, t + 14);
}

int cmd_new(rf_ctx *ctx, const cli_opts *o) {
    rf_order order = RF_ORDER_INIT;
    new_event ev[NEW_COUNT];
    char id[32], ids[NEW_COUNT][8];
    int rc;
    if (o->nargs)
        return cli_usage(o, CLI_TEXT("new takes no arguments, only options: '%s'", "new 只接受选项, 不接受参数: '%s'"), o->args[0]);
    for (int i = 0; i < NEW_COUNT; i++) {
        memset(&ev[i], 0, sizeof ev[i]);
        rf_event_init(&ev[i].ev);
    }
    if ((rc = new_missing(o)) || (rc = read_order(o, &order)) || (rc = read_events(o, &order, ev))) return rc;
    default_id(ev[NEW_CREATED].at, id);
    order.id = cli_given(o, CLI_OPT_ID) ? cli_value(o, CLI_OPT_ID) : id;
    if (!order.id[0]) return cli_usage(o, CLI_TEXT("new: --id may not be empty", "new: --id 不能为空"));

    rf_case *c = NULL;
    rf_error err = {0};
    rf_status st = rf_case_new(ctx, &order, &c, &err);
    size_t n = 0;
    for (int i = 0; st == RF_OK && i < NEW_COUNT; i++) {
        if (!ev[i].given) continue;
        rf_event *e = &ev[i].ev;
        snprintf(ids[i], sizeof ids[i], "e%zu", ++n);
        e->id = ids[i];
        e->at = ev[i].at;
        /* Judged where it lands, to warn; written whatever the verdict. */
        bool legal = false;
        rf_verdict *v = NULL;
        st = rf_case_try(ctx, c, e, &legal, &v, &err);
        for (size_t f = 0; st == RF_OK && f < v->finding_count; f++) {
            const rf_finding *fi = &v->findings[f];
            if (fi->event_index != rf_case_event_count(c)) continue;
            char sentence[512];
            rf_finding_message(fi, o->lang, sentence, sizeof sentence);
            if (o->lang == RF_LANG_ZH)
                fprintf(stderr, "refund: 警告: 事件 %s「%s」(%s): %s\n", e->id,
                        rf_enum_label_zh(RF_ENUM_EVENT, (int)e->type), ev[i].option, sentence);
            else
                fprintf(stderr, "refund: warning: event %s %s (%s): %s: %s\n", e->id,
                        rf_enum_name(RF_ENUM_EVENT, (int)e->type), ev[i].option, rf_finding_name(fi->code), sentence);
        }
        rf_verdict_free(v);
        if (st == RF_OK) st = rf_case_append(c, e, &err);
    }
    if (st != RF_OK) {
        cli_print_error("new", &err);
        rf_case_free(c);
        return cli_exit_code(st);
    }
    char *text = NULL;
    size_t len = 0;
    st = rf_render_case(ctx, c, o->format == RF_FORMAT_NDJSON ? RF_FORMAT_NDJSON : RF_FORMAT_JSON, &text, &len);
    if (st != RF_OK) {
        fprintf(stderr, "refund: %s\n", cli_status_message(st));
        rf_case_free(c);
        return cli_exit_code(st);
    }
    const char *out = cli_value(o, CLI_OPT_OUTPUT);
    if (!out || !strcmp(out, "-")) {
        rc = cli_write(text, len);
    } else if (!(rc = write_new_file(out, text, len))) {
        printf(o->lang == RF_LANG_ZH ? "%s: 已写入订单 %s, %zu 个事件; 下一步: refund check %s\n"
                                     : "%s: wrote order %s, %zu events; next: refund check %s\n",
               out, order.id, n, out);
    }
    rf_string_free(ctx, text);
    rf_case_free(c);
    return rc;
}

/*
 * A shop program's use of librefund: load a case, ask where it stands and
 * what is due when, then try an event without keeping it (append, replay,
 * undo). Build against the installed library:
 *
 *   cc embed.c $(pkg-config --cflags --libs librefund) -o embed
 *   ./embed case.json 2024-06-25T10:00:00+08:00
 */
#include <refund.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)size + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)size, f);
        buf[*len] = '\0';
    }
    fclose(f);
    return buf;
}

int main(int argc, char **argv) {
    size_t len = 0;
    char *json;
    rf_ctx *ctx;
    rf_case *c = NULL;
    rf_verdict *v = NULL;
    rf_error err = {0};
    rf_replay_options opts = RF_REPLAY_OPTIONS_INIT;
    char due[32], money[24];

    if (argc != 3 || rf_time_parse(argv[2], strlen(argv[2]), &opts.now) != RF_OK) {
        fprintf(stderr, "usage: embed CASE NOW\n");
        return 2;
    }
    opts.has_now = true;
    if (!(json = slurp(argv[1], &len))) {
        perror(argv[1]);
        return 5;
    }
    ctx = rf_ctx_new(NULL);
    if (rf_case_parse(ctx, json, len, argv[1], &c, &err) != RF_OK ||
        rf_replay(ctx, c, &opts, &v, &err) != RF_OK) {
        fprintf(stderr, "%s:%u:%u: %s\n", argv[1], err.line, err.column, err.message);
        rf_case_free(c);
        rf_ctx_free(ctx);
        free(json);
        return 1;
    }
    printf("librefund %s\n", rf_version());
    printf("trade %s\n", rf_state_name(RF_MACHINE_TRADE, (int)v->trade));
    if (v->has_refund)
        printf("refund %s, refunds %s under rule %s\n", rf_state_name(v->refund_machine, v->refund_state),
               rf_money_format(v->settlement.refund, money), rf_rule_id(v->settlement.rule));
    for (size_t i = 0; i < v->deadline_count; i++) {
        const rf_deadline *d = &v->deadlines[i];
        /* A paused deadline (the auto-confirm timer while a request is
         * open) has no due instant, only the time it has left. */
        if (d->paused)
            printf("%s: %s paused, %lld s left\n", rf_enum_name(RF_ENUM_ACTOR, (int)d->actor), d->id,
                   (long long)d->remaining_s);
        else
            printf("%s must act by %s (%s)\n", rf_enum_name(RF_ENUM_ACTOR, (int)d->actor),
                   rf_time_format(d->due, due), d->id);
    }
    rf_verdict_free(v);
    v = NULL;

    /* What if the seller agreed now? Structs the program fills start from
     * their initializer (it sets their size and the format's defaults). */
    size_t before = rf_case_event_count(c);
    rf_event agree = RF_EVENT_INIT;
    agree.id = "what-if";
    agree.at = opts.now;
    agree.actor = RF_ACTOR_SELLER;
    agree.type = RF_EV_REFUND_AGREED;
    if (rf_case_append(c, &agree, &err) == RF_OK && rf_replay(ctx, c, &opts, &v, &err) == RF_OK) {
        if (v->has_refund)
            printf("if the seller agreed now: refund %s\n", rf_state_name(v->refund_machine, v->refund_state));
        rf_verdict_free(v);
    }
    rf_case_truncate(c, before); /* undone: the case is as loaded */

    rf_case_free(c);
    rf_ctx_free(ctx);
    free(json);
    return 0;
}

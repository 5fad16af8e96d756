/*
 * The sentences of errors. A reader records a mistake as a detail and typed
 * parameters (rf_error: codepoint, found, fix, values, first_*); the
 * sentence is composed here, at the edge, in Chinese or English, from one
 * catalogue: each detail's two templates side by side, so that a sentence
 * cannot exist in one language only (tests/test_mistakes.c checks the
 * catalogue). err->message keeps the English one, for programs that print
 * it as it is.
 *
 * Templates name their parameters in braces:
 *   {found} {fix}  the texts found and to write instead, as recorded
 *   {cp}           the code point found, "U+FF0C"
 *   {cpname}       its name: the Unicode name in English, a Chinese one in Chinese
 *   {values}       the names allowed (rf_enum_name of values, the first value_count),
 *                  in Chinese each followed by its label
 *   {choices}      the items of fix ("3,5,7,10"), "3, 5, 7 or 10"
 *   {args}         the items of fix ("a,out"), "a and out"
 *   {event}        fix, an event type: in Chinese its label, 「申请退款」
 *   {fix1}..{fix3} the first, second and third item of fix ("40,56,RF_ORDER_INIT")
 *   {first}        where a repeated key was first written, line and column
 *   {file}         the input's name for a shell command (err->name, quoted
 *                  when it needs to be; FILE when there is none)
 *   {status} {status2}  found, fix: TOP statuses (the importer's report); in
 *                  Chinese quoted and followed by their labels
 *   {name1} {name2} the first and second item of fix, names of the rf_enum
 *                  err->values: in Chinese their labels
 */
#include "error_text.h"
#include "import.h"
#include "schema.h"
#include "sentence.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

/* ---- the catalogue ---------------------------------------------------------------- */

static const char *const detail_names[] = {
#define RF_X_(e, n) n,
    RF_ERROR_DETAIL_LIST(RF_X_)
#undef RF_X_
};

const char *rf_error_detail_name(rf_error_detail detail) {
    return (unsigned)detail < RF_ERR_COUNT ? detail_names[detail] : NULL;
}

typedef struct template { const char *en, *zh; } template;

/* Indexed by rf_error_detail. RF_ERR_NONE has no sentence of its own. The
 * English of the details that name an existing message keeps its words, so
 * that what programs matched before still matches. */
static const template catalogue[RF_ERR_COUNT] = {
    [RF_ERR_FULLWIDTH] = {
        "full-width character \"{found}\" ({cp} {cpname}) where JSON expects '{fix}': switch the input "
        "method to half-width (English) punctuation and type '{fix}'",
        "这里是全角字符\"{found}\"（{cp} {cpname}），JSON 在这里需要半角的 '{fix}'：请把输入法切换到英文（半角）标点，"
        "输入 '{fix}'"},
    [RF_ERR_FULLWIDTH_STRAY] = {
        "full-width character \"{found}\" ({cp} {cpname}) is not JSON syntax: delete it, or put it inside "
        "a string's quotes",
        "全角字符\"{found}\"（{cp} {cpname}）不是 JSON 的符号：请删除它，或把它放进字符串的引号里"},
    [RF_ERR_CURLY_STRING] = {
        "{found} is in curly quotes, which JSON does not read as quotes: write {fix} with straight "
        "double quotes (half-width punctuation)",
        "{found} 用的是中文弯引号，JSON 不把它当作引号：请改用半角直引号，写成 {fix}"},
    [RF_ERR_CURLY_CLOSE] = {
        "the string ends with the curly quote \"{found}\" ({cp} {cpname}) instead of a straight double "
        "quote: type '\"' in half-width (English) punctuation",
        "字符串的结束引号写成了弯引号\"{found}\"（{cp} {cpname}）：请在英文（半角）标点下输入直引号 '\"'"},
    [RF_ERR_BOM] = {
        "byte order mark (U+FEFF) at the start of the input is not allowed: the file was saved as "
        "\"UTF-8 with BOM\" (bytes EF BB BF); save it as \"UTF-8\" without BOM, or remove the mark: "
        "sed -i '1s/^\\xEF\\xBB\\xBF//' {file}",
        "文件开头有字节顺序标记（BOM，U+FEFF，字节 EF BB BF），这里不接受：文件是按\"UTF-8 带 BOM\"保存的；"
        "请另存为不带 BOM 的\"UTF-8\"，或用此命令去掉：sed -i '1s/^\\xEF\\xBB\\xBF//' {file}"},
    [RF_ERR_UTF16] = {
        "the input is UTF-16 (Notepad's \"Unicode\"), not UTF-8: save the file as \"UTF-8\", or convert "
        "it: iconv -f UTF-16 -t UTF-8 {file} > {file}.utf8",
        "文件是 UTF-16 编码（记事本的\"Unicode\"），不是 UTF-8：请另存为\"UTF-8\"，或转换："
        "iconv -f UTF-16 -t UTF-8 {file} > {file}.utf8"},
    [RF_ERR_GBK] = {
        "invalid UTF-8 (bytes {found}): the file looks like {fix}, as Notepad saves \"ANSI\" text on "
        "Chinese Windows; convert it to UTF-8: iconv -f {fix} -t UTF-8 {file} > {file}.utf8",
        "不是有效的 UTF-8（字节 {found}）：文件看来是 {fix} 编码（中文 Windows 记事本保存的\"ANSI\"）；"
        "请转换为 UTF-8：iconv -f {fix} -t UTF-8 {file} > {file}.utf8"},
    [RF_ERR_DUPLICATE_KEY] = {
        "duplicate key \"{found}\": first at {first}, again here; keep only one (with two values, which "
        "one counts would be a guess)",
        "键 \"{found}\" 重复：第一次在{first}，这里又出现一次；请只保留一个（有两个值时，无法确定以哪个为准）"},
    [RF_ERR_UNKNOWN_VALUE] = {
        "unknown value \"{found}\"; expected one of: {values}",
        "未知的值 \"{found}\"；应为以下之一：{values}"},
    [RF_ERR_NOT_ONE_OF] = {
        "must be a string, one of: {values}",
        "必须是字符串，取以下之一：{values}"},
    [RF_ERR_FULLWIDTH_VALUE] = {
        "\"{found}\" is written with full-width characters; write it in half-width: {fix}",
        "\"{found}\" 用了全角字符；请改为半角：{fix}"},
    [RF_ERR_MONEY_NUMBER] = {
        "money must be a string of yuan such as \"88.00\", not the number {found}: put it in quotes, {fix}",
        "金额必须是以元为单位的字符串（如 \"88.00\"），不能是数字 {found}：请加上引号，写成 {fix}"},
    [RF_ERR_MONEY_BAD_NUMBER] = {
        "money must be a string of yuan such as \"88.00\", not the number {found}",
        "金额必须是以元为单位的字符串（如 \"88.00\"），不能是数字 {found}"},
    [RF_ERR_MONEY_TYPE] = {
        "money must be a string of yuan such as \"88.00\"",
        "金额必须是以元为单位的字符串，如 \"88.00\""},
    [RF_ERR_MONEY_TEXT] = {
        "\"{found}\" is not an amount of yuan with at most two decimals and no sign",
        "\"{found}\" 不是有效的金额：以元为单位，最多两位小数，不带正负号"},
    [RF_ERR_MONEY_RANGE] = {
        "amount \"{found}\" is above the largest amount, 99999999999.99",
        "金额 \"{found}\" 超过上限 99999999999.99"},
    [RF_ERR_TIME_TYPE] = {
        "time must be an RFC 3339 string",
        "时间必须是 RFC 3339 格式的字符串"},
    [RF_ERR_TIME_TEXT] = {
        "\"{found}\" is not an RFC 3339 time with an offset (e.g. 2024-06-20T09:00:00+08:00)",
        "\"{found}\" 不是带时区的 RFC 3339 时间（例如 2024-06-20T09:00:00+08:00）"},
    [RF_ERR_TIME_RANGE] = {
        "\"{found}\" is not an RFC 3339 time with an offset (e.g. 2024-06-20T09:00:00+08:00): a field is "
        "out of range",
        "\"{found}\" 不是带时区的 RFC 3339 时间（例如 2024-06-20T09:00:00+08:00）：有一项超出范围"},
    [RF_ERR_NOT_STRING] = {"must be a string", "必须是字符串"},
    [RF_ERR_EMPTY] = {"must not be empty", "不能为空"},
    [RF_ERR_TOO_LONG] = {"is longer than {fix} bytes", "超过 {fix} 字节"},
    [RF_ERR_NUL] = {"must not contain \\u0000", "不能包含 \\u0000"},
    [RF_ERR_NOT_BOOL] = {"must be true or false", "必须是 true 或 false"},
    [RF_ERR_NOT_CHOICE] = {"must be the number {choices}", "必须是数字 {choices}"},
    [RF_ERR_NOT_OBJECT] = {"must be an object", "必须是对象"},
    [RF_ERR_EVENT_NOT_OBJECT] = {"an event must be an object", "事件必须是对象"},
    [RF_ERR_NOT_ARRAY] = {"must be an array", "必须是数组"},
    [RF_ERR_CASE_NOT_OBJECT] = {"a case file must be a JSON object", "案件文件必须是一个 JSON 对象"},
    [RF_ERR_SCHEMA] = {"must be \"{fix}\"", "必须是 \"{fix}\""},
    [RF_ERR_SCHEMA_MISSING] = {"is required (\"{fix}\")", "缺少必填项（\"{fix}\"）"},
    [RF_ERR_UNKNOWN_KEY_TOP] = {
        "unknown key \"{found}\" at the top of a case",
        "案件顶层有未知的键 \"{found}\""},
    [RF_ERR_UNKNOWN_KEY_ORDER] = {
        "unknown key \"{found}\" in order",
        "订单（order）中有未知的键 \"{found}\""},
    [RF_ERR_UNKNOWN_KEY_IMPORT] = {
        "unknown key \"{found}\" in import",
        "导入信息（import）中有未知的键 \"{found}\""},
    [RF_ERR_UNKNOWN_KEY_EVENT] = {
        "unknown key \"{found}\" in a {event} event",
        "{event}事件中有未知的键 \"{found}\""},
    [RF_ERR_UNKNOWN_KEY_ANY_EVENT] = {
        "unknown key \"{found}\" in an event",
        "事件中有未知的键 \"{found}\""},
    [RF_ERR_KEY_NOT_IN_EVENT] = {
        "key \"{found}\" does not belong to a {event} event",
        "键 \"{found}\" 不属于{event}事件"},
    [RF_ERR_REQUIRED] = {"is required", "缺少必填项"},
    [RF_ERR_REQUIRED_FOR] = {"is required for a {event} event", "{event}事件必须有此项"},
    [RF_ERR_JSON_UNEXPECTED] = {"unexpected {byte}; {expected}", "这里不应出现{byte}；{expected}"},
    [RF_ERR_JSON_NUL] = {"NUL byte in input; {expected}", "输入中有 NUL 字节（0x00）；{expected}"},
    [RF_ERR_JSON_EOF] = {"unexpected end of input{inside}; {expected}", "输入{inside}意外结束；{expected}"},
    [RF_ERR_JSON_EOF_STRING] = {
        "unexpected end of input inside string",
        "输入在字符串内意外结束：字符串缺少结束的双引号 '\"'"},
    [RF_ERR_JSON_EOF_LITERAL] = {
        "unexpected end of input inside literal '{found}'",
        "输入在字面量 '{found}' 内意外结束"},
    [RF_ERR_JSON_LITERAL] = {
        "invalid literal: expected '{found}', found {byte}",
        "字面量无效：应为 '{found}'，这里却是{byte}"},
    [RF_ERR_JSON_NUMBER] = {"invalid number: {expected}, found {byte}", "数字无效：{expected}，这里却是{byte}"},
    [RF_ERR_JSON_LEADING_ZERO] = {
        "invalid number: leading zeros are not allowed",
        "数字无效：JSON 数字不能以多余的 0 开头"},
    [RF_ERR_JSON_ESCAPE] = {
        "invalid escape: backslash followed by {byte}",
        "转义无效：反斜杠 '\\' 后面是{byte}"},
    [RF_ERR_JSON_HEX] = {"invalid hex digit {byte} in \\u escape", "\\u 转义中有无效的十六进制数字{byte}"},
    [RF_ERR_JSON_LOW_SURROGATE] = {"unpaired low surrogate {u}", "低位代理 {u} 前面缺少高位代理"},
    [RF_ERR_JSON_HIGH_SURROGATE] = {
        "unpaired high surrogate {u} (expected a \\u low surrogate after it)",
        "高位代理 {u} 后面缺少 \\u 低位代理"},
    [RF_ERR_JSON_HIGH_SURROGATE_PAIR] = {
        "unpaired high surrogate {u} (followed by {found}, not a low surrogate)",
        "高位代理 {u} 后面是 {found}，不是低位代理"},
    [RF_ERR_JSON_CONTROL] = {
        "unescaped control character {hex} in string",
        "字符串中有未转义的控制字符 {hex}"},
    [RF_ERR_JSON_NUL_STRING] = {"NUL byte in input (inside a string)", "字符串中有 NUL 字节（0x00）"},
    [RF_ERR_UTF8_CONTINUATION] = {
        "invalid UTF-8 byte {hex} (continuation byte without a lead byte)",
        "无效的 UTF-8 字节 {hex}（后续字节前面没有首字节）"},
    [RF_ERR_UTF8_LEAD] = {"invalid UTF-8 byte {hex}", "无效的 UTF-8 字节 {hex}"},
    [RF_ERR_UTF8_TRUNCATED] = {
        "invalid UTF-8: truncated sequence starting with byte {hex}",
        "无效的 UTF-8：以字节 {hex} 开头的序列不完整"},
    [RF_ERR_UTF8_OVERLONG] = {
        "invalid UTF-8: overlong encoding starting with byte {hex}",
        "无效的 UTF-8：以字节 {hex} 开头的编码过长"},
    [RF_ERR_UTF8_SURROGATE] = {
        "invalid UTF-8: encoded surrogate (bytes 0xED {hex})",
        "无效的 UTF-8：编码了代理码位（字节 0xED {hex}）"},
    [RF_ERR_UTF8_ABOVE_MAX] = {"invalid UTF-8: code point above U+10FFFF", "无效的 UTF-8：码位超过 U+10FFFF"},
    [RF_ERR_JSON_DEPTH] = {"nesting deeper than {fix} levels", "嵌套超过 {fix} 层"},
    [RF_ERR_JSON_SIZE] = {
        "input of {found} bytes exceeds the limit of {fix} bytes",
        "输入有 {found} 字节，超过上限 {fix} 字节"},
    [RF_ERR_NOMEM] = {"out of memory while parsing JSON", "解析 JSON 时内存不足"},
    [RF_ERR_MAX_EVENTS] = {"a case may hold at most {fix} events", "一个案件最多只能有 {fix} 个事件"},
    [RF_ERR_MAX_VALUES] = {
        "more JSON values than a case can hold ({fix})",
        "JSON 值的个数超过了一个案件能容纳的上限（{fix}）"},
    [RF_ERR_MAX_ELEMENTS] = {"at most {fix} elements", "最多只能有 {fix} 个元素"},
    [RF_ERR_LISTED_TWICE] = {"\"{found}\" is listed twice", "\"{found}\" 列出了两次"},
    [RF_ERR_OUT_OF_MEMORY] = {"out of memory", "内存不足"},
    [RF_ERR_POLICY_NOT_OBJECT] = {
        "a policy file must be a JSON object such as {found}",
        "规则参数文件（--policy）必须是一个 JSON 对象，例如 {found}"},
    [RF_ERR_POLICY_UNKNOWN_KEY] = {
        "unknown policy key \"{found}\" (refund rules --format json lists them)",
        "未知的规则参数 \"{found}\"（refund rules --format json 列出全部参数）"},
    [RF_ERR_CAL_NOT_OBJECT] = {
        "a calendar must be a JSON object with \"holidays\" and \"workdays\"",
        "日历必须是一个 JSON 对象，包含 \"holidays\"（节假日）和 \"workdays\"（调休上班日）"},
    [RF_ERR_CAL_LIST_TYPE] = {
        "\"{found}\" must be an object mapping \"YYYY-MM-DD\" to a name",
        "\"{found}\" 必须是对象，把日期 \"YYYY-MM-DD\" 对应到名称"},
    [RF_ERR_CAL_DATE_TEXT] = {"\"{found}\" is not a date YYYY-MM-DD", "\"{found}\" 不是 YYYY-MM-DD 格式的日期"},
    [RF_ERR_CAL_DATE_RANGE] = {
        "\"{found}\" is not a date of the years 1970..9999",
        "\"{found}\" 不是 1970 至 9999 年之间的日期"},
    [RF_ERR_CAL_NAME_TYPE] = {"the name of a listed day must be a string", "所列日期的名称必须是字符串"},
    [RF_ERR_CAL_SOURCE_TYPE] = {"\"source\" must be a string", "\"source\"（来源）必须是字符串"},
    [RF_ERR_CAL_TIMEZONE] = {
        "\"timezone\" must be the string \"+08:00\"",
        "\"timezone\"（时区）必须是字符串 \"+08:00\""},
    [RF_ERR_CAL_UNKNOWN_KEY] = {
        "unknown key \"{found}\" (expected \"holidays\", \"workdays\", \"source\" or \"timezone\")",
        "未知的键 \"{found}\"（应为 \"holidays\"、\"workdays\"、\"source\" 或 \"timezone\"）"},
    [RF_ERR_CAL_MISSING] = {
        "missing \"{found}\" (an object, possibly empty)",
        "缺少 \"{found}\"（一个对象，可以为空）"},
    [RF_ERR_CAL_NO_DATES] = {
        "the calendar lists no dates, so it covers no years",
        "日历没有列出任何日期，因此不覆盖任何年份"},
    [RF_ERR_POLICY_RANGE] = {"must be a whole number of {unit} ({range})", "必须是整数，单位为{unit}（{range}）"},
    [RF_ERR_MAX_REQUESTS] = {
        "a case may hold at most {fix} refund requests",
        "一个案件最多只能有 {fix} 个售后申请"},
    [RF_ERR_SETTLE_TOTAL] = {
        "{found}: the total exceeds the largest amount (99999999999.99)",
        "{found}：合计超过最大金额（99999999999.99）"},
    [RF_ERR_SETTLE_OVERFLOW] = {"{found}: the deduction overflows", "{found}：扣除额超出可计算的范围"},
    [RF_ERR_AMOUNT_NEGATIVE] = {"{found}: an amount may not be negative", "{found}：金额不能为负数"},
    [RF_ERR_AMOUNT_TOO_LARGE] = {
        "{found}: more than the largest amount (99999999999.99)",
        "{found}：超过最大金额（99999999999.99）"},
    [RF_ERR_RATE_RANGE] = {
        "{found}: a rate must be 0..10000 basis points",
        "{found}：费率必须在 0 至 10000 基点之间"},
    [RF_ERR_ENUM_VALUE] = {"{found}: {fix} is not a valid value", "{found}：{fix} 不是有效的值"},
    [RF_ERR_RATES_SUM] = {
        "{found} + {fix}: more than 10000 basis points",
        "{found} 与 {fix} 之和超过 10000 基点"},
    [RF_ERR_WORKDAY_OUTSIDE] = {
        "event {found}: the platform's working-day limit falls outside the calendar",
        "事件 {found}：平台按工作日计算的时限超出了日历覆盖的年份"},
    [RF_ERR_WORKDAY_FAILED] = {
        "event {found}: the platform's working-day limit cannot be computed",
        "事件 {found}：无法计算平台按工作日计算的时限"},
    [RF_ERR_ORDER_RANGE] = {
        "an order amount or enumeration is out of range ({found})",
        "订单的金额或取值超出范围（{found}）"},
    [RF_ERR_EVENT_NO_ID] = {"an event needs an id", "事件必须有 id"},
    [RF_ERR_EVENT_TYPE_ACTOR] = {"unknown event type or actor", "未知的事件类型或操作方"},
    [RF_ERR_EVENT_FIELD] = {
        "a {event} event with a missing, extra or out-of-range {found}",
        "{event}事件的 {found} 缺失、多余或超出范围"},
    [RF_ERR_EVENT_ID_TAKEN] = {
        "event id \"{found}\" is already in the case",
        "事件 id \"{found}\" 在案件中已经存在"},
    [RF_ERR_IMPORT_FIELD] = {"import.{found} is missing or out of range", "import.{found} 缺失或超出范围"},
    [RF_ERR_IMPORT_REFUND_FIELD] = {
        "import.refunds[].{found} is missing or out of range",
        "import.refunds[].{found} 缺失或超出范围"},
    [RF_ERR_IMPORT_MAX_REFUNDS] = {
        "an import object lists at most {fix} refunds",
        "导入信息（import）最多只能列出 {fix} 个退款"},
    [RF_ERR_NO_EVENTS_ARRAY] = {"the case has no events array", "案件中没有事件数组（events）"},
    [RF_ERR_CAL_YEARS] = {
        "the years {found}..{fix} are not a run of the years 1970..9999",
        "{found} 至 {fix} 年不是 1970 至 9999 年之间连续的年份"},
    [RF_ERR_CAL_DAY_RANGE] = {
        "{found} is not a date of the years 1970..9999",
        "{found} 不是 1970 至 9999 年之间的日期"},
    [RF_ERR_CAL_EMPTY] = {"the calendar covers no years", "日历不覆盖任何年份"},
    [RF_ERR_CAL_BOTH] = {
        "{found} is listed both as a holiday and as a make-up workday",
        "{found} 既被列为节假日，又被列为调休上班日"},
    /* Calls made wrongly: for the programmer, who knows the function names. */
    [RF_ERR_NULL_ARGUMENT] = {"{found}: {args} must not be NULL", "{found}：参数 {args} 不能为 NULL"},
    [RF_ERR_NO_IMPORT] = {
        "the case has no import object ({fix})",
        "案件还没有导入信息（import）：请先调用 {fix}"},
    [RF_ERR_CALL_FIRST] = {"{found}: call {fix} first", "{found}：请先调用 {fix}"},
    [RF_ERR_IMPORT_INPUT] = {"{found}: unknown input", "{found}：未知的输入种类"},
    [RF_ERR_IMPORT_FINISHED] = {"{found}: the importer is already finished", "{found}：导入已经结束"},
    [RF_ERR_IMPORT_INPUT_OPEN] = {
        "{found}: an input is still open (the last call said more)",
        "{found}：上一个输入还没有读完（上次调用说后面还有）"},
    [RF_ERR_IMPORT_MAX_INPUTS] = {"{found}: at most {fix} inputs", "{found}：最多只能有 {fix} 个输入"},
    [RF_ERR_POLICY_KEY_NUMBER] = {"unknown policy key {found}", "未知的规则参数编号 {found}"},
    [RF_ERR_SIZE_UNSET] = {
        "{found}.size is not set: initialize it with {choices}",
        "{found}.size 没有设置：请用 {choices} 初始化"},
    [RF_ERR_SIZE_SMALL] = {
        "{found}.size is {fix1}, smaller than any {found} ({fix2} bytes): initialize it with {fix3}",
        "{found}.size 为 {fix1}，比任何版本的 {found}（{fix2} 字节）都小：请用 {fix3} 初始化"},
    [RF_ERR_SIZE_LARGE] = {
        "{found}.size is {fix1}, larger than this library's {found} ({fix2} bytes): the program was built "
        "against a newer refund.h",
        "{found}.size 为 {fix1}，比本库的 {found}（{fix2} 字节）大：程序是按更新版本的 refund.h 编译的"},
    [RF_ERR_UNSUPPORTED_FIELD] = {"unsupported field", "不支持的字段类型"},
    [RF_ERR_POLICY_SUM] = {"{found} + {fix} must not exceed 10000 bp", "{found} 与 {fix} 之和不能超过 10000 基点"},
    [RF_ERR_UNKNOWN_NAME] = {
        "unknown name \"{found}\"; expected some of: {values}",
        "未知的名称 \"{found}\"；可用的名称：{values}"},
    [RF_ERR_NAME_NOT_STRING] = {
        "each element must be a string, one of: {values}",
        "每个元素都必须是字符串，取以下之一：{values}"},
    /* Verdicts counted into a summary: lines that refund replay wrote. */
    [RF_ERR_SUMMARY_OVERFLOW] = {
        "a count or a sum of money of the summary would overflow",
        "汇总中的计数或金额合计超出了可计算的范围"},
    [RF_ERR_VERDICT_RANGE] = {"the verdict's {found} is out of range", "结论中的 {found} 超出范围"},
    [RF_ERR_VERDICT_NOT_OBJECT] = {"not a verdict: not a JSON object", "不是结论：不是 JSON 对象"},
    [RF_ERR_VERDICT_UNKNOWN] = {"not a verdict: no known \"{found}\"", "不是结论：\"{found}\" 缺失或无法识别"},
    [RF_ERR_VERDICT_TIME] = {"not a verdict: \"{found}\" is not a time", "不是结论：\"{found}\" 不是时间"},
    [RF_ERR_VERDICT_ARRAY] = {"not a verdict: no \"{found}\" array", "不是结论：没有数组 \"{found}\""},
    [RF_ERR_VERDICT_OBJECT_OR_NULL] = {
        "not a verdict: \"{found}\" is not an object or null",
        "不是结论：\"{found}\" 既不是对象也不是 null"},
    [RF_ERR_VERDICT_MONEY] = {
        "not a verdict: a finding's \"expected\" and \"actual\" are not both money",
        "不是结论：问题的 \"expected\" 和 \"actual\" 不都是金额"},
    [RF_ERR_VERDICT_REQUEST] = {
        "not a verdict: a finding's \"request\" is neither null nor the index of a request",
        "不是结论：问题的 \"request\" 既不是 null，也不是某个申请的序号"},
    /* Summaries read back: files that refund summary wrote. */
    [RF_ERR_SUMMARY_NOT_OBJECT] = {"a summary must be a JSON object", "汇总必须是一个 JSON 对象"},
    [RF_ERR_NOT_SUMMARY] = {"not a summary: \"schema\" must be \"{fix}\"", "不是汇总：\"schema\" 必须是 \"{fix}\""},
    [RF_ERR_SUM_TEXT] = {"must be money: a string such as \"88.00\"", "必须是金额：如 \"88.00\" 这样的字符串"},
    [RF_ERR_NOT_COUNT] = {"must be a whole number", "必须是非负整数"},
    [RF_ERR_UNKNOWN_KEY] = {"unknown key \"{found}\"", "未知的键 \"{found}\""},
    [RF_ERR_MISSING_KEY] = {"missing key \"{found}\"", "缺少键 \"{found}\""},
    [RF_ERR_UNKNOWN_FINDING] = {"unknown finding code \"{found}\"", "未知的问题代码 \"{found}\""},
    [RF_ERR_UNKNOWN_RULE] = {"unknown rule \"{found}\"", "未知的结算规则 \"{found}\""},
    [RF_ERR_NOT_MONTH] = {
        "\"{found}\" is not a month: YYYY-MM (1970 to 9999) or -",
        "\"{found}\" 不是月份：应为 YYYY-MM（1970 至 9999 年）或 -"},
    [RF_ERR_SUMMARY_EMPTY] = {"an entry with no findings is not written", "没有问题的条目不应写入"},
    [RF_ERR_SUMMARY_NO_CASES] = {"an entry with no cases is not written", "没有案件的条目不应写入"},
    [RF_ERR_SUMMARY_SUM] = {"{found} must be {fix}", "{found} 必须等于 {fix}"},
    [RF_ERR_SUMMARY_BY_CODE] = {
        "findings and money must be the sums of by_code",
        "问题数和金额必须等于按问题代码分列的各项之和"},
    [RF_ERR_SUMMARY_GROUPING] = {
        "the entries of {found} must add up to the totals, code by code",
        "{found} 的各项按问题代码相加必须等于总计"},
    /* The importer's report: a record's values. The English names TOP's
     * fields; the Chinese says what they are (the line gives the path). */
    [RF_ERR_TOP_ID] = {
        "an id is an integer of 1 to 19 digits (as a number or a string)",
        "编号必须是 1 至 19 位的整数（写成数字或字符串都可以）"},
    [RF_ERR_TOP_TIME] = {
        "a time is \"yyyy-MM-dd HH:mm:ss\" (China time)",
        "时间必须写成 \"yyyy-MM-dd HH:mm:ss\"（北京时间）"},
    [RF_ERR_TOP_TIME_ENVELOPE] = {
        "a time is \"yyyy-MM-dd HH:mm:ss\" (China time) or RFC 3339",
        "时间必须写成 \"yyyy-MM-dd HH:mm:ss\"（北京时间）或 RFC 3339 格式"},
    [RF_ERR_TOP_TIME_RANGE] = {
        "a TMC time is between 2000 and 2135",
        "TMC 消息的时间必须在 2000 年至 2135 年之间"},
    [RF_ERR_TOP_MONEY] = {
        "money is a string of yuan such as \"200.07\"",
        "金额必须是以元为单位的字符串，如 \"200.07\""},
    [RF_ERR_TOP_MONEY_NUMBER] = {
        "money is a string of yuan such as \"200.07\", not a number",
        "金额必须是以元为单位的字符串（如 \"200.07\"），不能是数字"},
    [RF_ERR_TOP_VALUE] = {"unknown value \"{found}\"", "未知的值 \"{found}\""},
    [RF_ERR_TOP_VALUE_TYPE] = {"unknown value", "未知的值"},
    [RF_ERR_TOP_RANGE] = {"must be a number from {range}", "必须是 {range} 之间的数字"},
    [RF_ERR_TOP_TEXT] = {"must be a string of at most {fix} bytes", "必须是不超过 {fix} 字节的字符串"},
    [RF_ERR_TOP_SELLER_TYPE] = {
        "must be \"B\" (商城) or \"C\"",
        "必须是 \"B\"（天猫(商城)）或 \"C\"（淘宝集市(C店)）"},
    [RF_ERR_TOP_REQUIRED_STATUS] = {"is required when the status is {status}", "状态为 {status}时必须有此项"},
    [RF_ERR_TOP_PAY_TIME] = {
        "the trade's pay_time is required when the status is {status}",
        "状态为 {status}时，交易必须有付款时间"},
    [RF_ERR_TOP_NOT_TRADE] = {"a trade is an object with a tid", "交易必须是带交易号的对象"},
    [RF_ERR_TOP_ORDERS] = {"must be {fix} or an array", "必须是 {fix} 或数组"},
    [RF_ERR_TOP_NOT_ORDER] = {"a sub-order is an object", "子订单必须是对象"},
    [RF_ERR_TOP_NO_ORDERS] = {"a trade has at least one sub-order", "交易至少要有一个子订单"},
    [RF_ERR_TOP_NOT_REFUND] = {"a refund is an object with a refund_id", "退款必须是带退款编号的对象"},
    [RF_ERR_TOP_NOT_MESSAGE] = {"a refund message is an object", "退款留言必须是对象"},
    [RF_ERR_TOP_NOT_TMC] = {"a TMC message is an object with a topic", "TMC 消息必须是带消息主题的对象"},
    [RF_ERR_TOP_CONTENT] = {"the content is a JSON object", "消息内容必须是一个 JSON 对象"},
    [RF_ERR_TOP_CONTENT_TYPE] = {
        "must be a JSON object or a string holding one",
        "必须是 JSON 对象，或内容为 JSON 对象的字符串"},
    [RF_ERR_TOP_NO_TIME] = {
        "a message needs content.modified or pub_time",
        "消息必须有内容的修改时间或消息的发布时间"},
    [RF_ERR_TOP_ERROR_RESPONSE] = {"an error response of the platform", "这是开放平台返回的错误响应"},
    /* The records and messages together. */
    [RF_ERR_TOP_DUPLICATE] = {
        "message {found} came again with other content; the first copy is kept",
        "消息 {found} 重复送达，但内容不同：保留第一份"},
    [RF_ERR_TOP_DUPLICATE_OF] = {
        "message {found} repeats message {fix} (same topic, refund and time) with other content; the first is kept",
        "消息 {found} 与消息 {fix} 重复（主题、退款和时间都相同），但内容不同：保留第一条"},
    [RF_ERR_TOP_TRADE_MISSING] = {
        "trade {found} has a refund but no trade document: its cases are not written",
        "交易 {found} 有退款，但没有交易数据：不输出该交易的案件"},
    [RF_ERR_TOP_NO_SUBORDER] = {
        "refund {found} names no sub-order and its trade is missing: skipped",
        "退款 {found} 没有指明子订单，它的交易数据也没有：已跳过"},
    [RF_ERR_TOP_UNATTRIBUTED] = {
        "no oid, no Refund naming one, and trade {found} has {fix} sub-orders: skipped",
        "消息没有子订单号，也没有指明子订单的退款数据，而交易 {found} 有 {fix} 个子订单：已跳过"},
    [RF_ERR_TOP_UNATTRIBUTED_REFUND] = {
        "no oid, and trade {found} has {fix} sub-orders: skipped",
        "退款没有子订单号，而交易 {found} 有 {fix} 个子订单：已跳过"},
    [RF_ERR_TOP_ORPHAN] = {
        "sub-order {found} is not among the sub-orders of trade {fix}: refund skipped",
        "子订单 {found} 不是交易 {fix} 的子订单：已跳过这笔退款"},
    [RF_ERR_TOP_CHANNEL_OVERRIDDEN] = {
        "seller_type \"{found}\" says {name1}; --channel {name2} is used",
        "卖家类型 \"{found}\" 表示{name1}；按 --channel 使用{name2}"},
    [RF_ERR_TOP_CHANNEL_UNKNOWN] = {
        "no seller_type and no --channel: mall or c_store cannot be told",
        "没有卖家类型，也没有给 --channel：无法判断是天猫(商城)还是淘宝集市(C店)"},
    [RF_ERR_TOP_NO_ITEM_AMOUNT] = {
        "no divide_order_fee, payment or total_fee gives the item amount",
        "子订单的分摊实付金额、实付金额和商品总价都没有：得不出商品金额"},
    [RF_ERR_TOP_EXTENSION_DAYS] = {
        "the receipt deadline of sub-order {found} was extended, by a number of days its timeout_action_time does "
        "not tell (3, 5, 7 or 10); the message is skipped",
        "子订单 {found} 的确认收货期限延长了，但从超时时间看不出延长了几天（应为 3、5、7 或 10 天）：已跳过该消息"},
    [RF_ERR_TOP_KIND_MISMATCH] = {
        "bill_type {found} says {name1}, has_good_return says otherwise; bill_type is used",
        "单据类型 \"{found}\" 表示{name1}，与\"是否退货\"不符：以单据类型为准"},
    [RF_ERR_TOP_UNSUPPORTED_KIND] = {
        "repair, reshipping and other disputes are no refund, return or exchange",
        "维修、补寄和其他类型的纠纷不属于仅退款、退货退款或换货"},
    [RF_ERR_TOP_REASON_UNMAPPED] = {
        "\"{found}\" matches no reason of the table or keyword rules: other",
        "\"{found}\" 不符合原因表的任何一项，也不符合关键词规则：按\"其他\"处理"},
    [RF_ERR_TOP_KIND_CHANGED] = {
        "exchange {found} turned into a refund; the case keeps the kind it was requested with",
        "换货 {found} 转成了退款：案件保留申请时的售后类型"},
    [RF_ERR_TOP_ITEM_AMOUNT] = {
        "the refund's total_fee {found} differs from the item amount {fix} taken from the trade",
        "退款数据中的交易金额 {found} 与从交易数据取得的商品金额 {fix} 不同"},
    [RF_ERR_TOP_SNAPSHOT_STALE] = {
        "the snapshot says {status}, the TMC messages reach {status2} later: TMC wins",
        "退款数据的状态是 {status}，而 TMC 消息后来到了 {status2}：以 TMC 消息为准"},
    [RF_ERR_TOP_CONFLICTING_REFUNDS] = {
        "refund {found} of sub-order {fix1} begins while refund {fix2} is still open",
        "子订单 {fix1} 的退款 {fix2} 尚未结束，又开始了退款 {found}"},
    [RF_ERR_LINE_TOO_LONG] = {
        "line longer than the {fix}-byte document limit",
        "这一行超过了单个案件 {fix} 字节的上限"},
};

/* What the JSON reader wanted where it stopped ({expected}, from fix), and
 * the construct left open at the end of input ({inside}, from found). An id
 * not listed is said as it is. */
typedef struct phrase { const char *id, *en, *zh; } phrase;

static const phrase expectations[] = {
    {"value", "expected a value", "这里应为一个值"},
    {"key_or_close", "expected a string key or '}'", "这里应为字符串键（加双引号）或 '}'"},
    {"key_after_comma", "expected a string key after ','", "',' 之后应为字符串键（加双引号）"},
    {"colon", "expected ':' after object key", "对象的键之后应为 ':'"},
    {"member_end", "expected ',' or '}' after object member", "对象成员之后应为 ',' 或 '}'"},
    {"element_end", "expected ',' or ']' after array element", "数组元素之后应为 ',' 或 ']'"},
    {"end", "expected end of input after the JSON value", "JSON 值之后不应再有内容"},
    {"digit", "expected a digit", "这里应为数字"},
    {"digit_after_point", "expected a digit after '.'", "'.' 之后应为数字"},
    {"digit_exponent", "expected a digit in the exponent", "指数部分应为数字"},
};

/* A policy key's unit ({unit}, from found), as lib/policy.c's
 * rf__policy_unit_zh says it (not called: the policy depends on this file). */
static const phrase units[] = {
    {"days", "days", "天"},
    {"hours", "hours", "小时"},
    {"workdays", "workdays", "个工作日"},
    {"bp", "bp", "基点"},
    {"flag", "flag", "开关"},
};

/* TOP's trade and refund statuses ({status}, {status2}), with the labels
 * of lib/import.h's lists. */
static const phrase top_statuses[] = {
#define RF_X_(e, n, step, zh) {n, n, zh},
    RF__TOP_TRADE_STATUS_LIST(RF_X_)
#undef RF_X_
#define RF_X_(e, n, zh) {n, n, zh},
    RF__TOP_REFUND_STATUS_LIST(RF_X_)
#undef RF_X_
};

static const phrase constructs[] = {
    {"object", " inside object", "在对象内"},
    {"array", " inside array", "在数组内"},
    {"number", " inside number", "在数字内"},
};

const char *rf__error_template(rf_error_detail detail, bool zh) {
    if ((unsigned)detail >= RF_ERR_COUNT) return NULL;
    return zh ? catalogue[detail].zh : catalogue[detail].en;
}

/* ---- full-width characters ------------------------------------------------------------ */

/* What a Chinese input method types for ASCII: the full-width forms
 * U+FF01..U+FF5E (ASCII 0x21..0x7E, 0xFEE0 higher), the curly quotes, the
 * ideographic comma, full stop and space, and the lenticular brackets it
 * gives for '[' and ']'. Names: Unicode's, and Chinese ones. */
typedef struct wide_char {
    uint32_t cp;
    char ascii;
    const char *en, *zh;
} wide_char;

static const wide_char wide_chars[] = {
    {0x3000, ' ', "IDEOGRAPHIC SPACE", "全角空格"},
    {0x3001, ',', "IDEOGRAPHIC COMMA", "顿号"},
    {0x3002, '.', "IDEOGRAPHIC FULL STOP", "句号"},
    {0x3010, '[', "LEFT BLACK LENTICULAR BRACKET", "左方头括号"},
    {0x3011, ']', "RIGHT BLACK LENTICULAR BRACKET", "右方头括号"},
    {0x2018, '"', "LEFT SINGLE QUOTATION MARK", "左单引号"},
    {0x2019, '"', "RIGHT SINGLE QUOTATION MARK", "右单引号"},
    {0x201C, '"', "LEFT DOUBLE QUOTATION MARK", "左双引号"},
    {0x201D, '"', "RIGHT DOUBLE QUOTATION MARK", "右双引号"},
};

/* U+FF01..U+FF5E in order, each "English|Chinese"; letters and digits are
 * named by the code below. */
static const char *const fullwidth_names[] = {
    "EXCLAMATION MARK|感叹号", "QUOTATION MARK|双引号", "NUMBER SIGN|井号", "DOLLAR SIGN|美元符号",
    "PERCENT SIGN|百分号", "AMPERSAND|和号", "APOSTROPHE|单引号", "LEFT PARENTHESIS|左圆括号",
    "RIGHT PARENTHESIS|右圆括号", "ASTERISK|星号", "PLUS SIGN|加号", "COMMA|逗号",
    "HYPHEN-MINUS|减号", "FULL STOP|句点", "SOLIDUS|斜杠",
    /* FF10..FF19: digits */
    "", "", "", "", "", "", "", "", "", "",
    "COLON|冒号", "SEMICOLON|分号", "LESS-THAN SIGN|小于号", "EQUALS SIGN|等号",
    "GREATER-THAN SIGN|大于号", "QUESTION MARK|问号", "COMMERCIAL AT|at 符号",
    /* FF21..FF3A: capital letters */
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    "LEFT SQUARE BRACKET|左方括号", "REVERSE SOLIDUS|反斜杠", "RIGHT SQUARE BRACKET|右方括号",
    "CIRCUMFLEX ACCENT|脱字符", "LOW LINE|下划线", "GRAVE ACCENT|重音符",
    /* FF41..FF5A: small letters */
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    "LEFT CURLY BRACKET|左花括号", "VERTICAL LINE|竖线", "RIGHT CURLY BRACKET|右花括号", "TILDE|波浪号",
};

static const char *const digit_names[] = {"ZERO", "ONE", "TWO", "THREE", "FOUR",
                                          "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"};

int rf__fullwidth_ascii(uint32_t cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) return (int)(cp - 0xFEE0);
    for (size_t i = 0; i < sizeof wide_chars / sizeof wide_chars[0]; i++)
        if (wide_chars[i].cp == cp) return wide_chars[i].ascii;
    return -1;
}

long rf__utf8_decode(const unsigned char *s, size_t avail, size_t *len) {
    *len = 1;
    if (s[0] < 0x80) return s[0];
    size_t n = 0;
    if (rf__utf8_check(s, avail, &n) != RF_UTF8_OK) return -1;
    uint32_t cp = n == 2 ? s[0] & 0x1Fu : n == 3 ? s[0] & 0x0Fu : s[0] & 0x07u;
    for (size_t i = 1; i < n; i++) cp = cp << 6 | (s[i] & 0x3Fu);
    *len = n;
    return (long)cp;
}

size_t rf__halfwidth(const char *s, size_t n, char *out, bool *changed) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, j = 0;
    *changed = false;
    while (i < n) {
        size_t len;
        long cp = rf__utf8_decode(u + i, n - i, &len);
        int ascii = cp >= 0x80 ? rf__fullwidth_ascii((uint32_t)cp) : -1;
        if (ascii >= 0) {
            out[j++] = (char)ascii;
            *changed = true;
        } else {
            memcpy(out + j, s + i, len);
            j += len;
        }
        i += len;
    }
    return j;
}

bool rf__looks_gbk(const unsigned char *t, size_t len, bool *four) {
    *four = false;
    for (size_t i = 0; i < len;) {
        unsigned char c = t[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c == 0x80 || c == 0xFF || i + 1 >= len) return false;
        unsigned char d = t[i + 1];
        if ((d >= 0x40 && d <= 0x7E) || (d >= 0x80 && d <= 0xFE)) {
            i += 2;
        } else if (d >= 0x30 && d <= 0x39 && i + 3 < len && t[i + 2] >= 0x81 && t[i + 2] <= 0xFE &&
                   t[i + 3] >= 0x30 && t[i + 3] <= 0x39) {
            *four = true;
            i += 4;
        } else {
            return false;
        }
    }
    return true;
}

/* ---- composing ------------------------------------------------------------------------ */

typedef rf__sentence sentence;

static void put(sentence *s, const char *text, size_t n) { rf__sentence_put(s, text, n); }

static void str(sentence *s, const char *text) { rf__sentence_str(s, text); }

static void number(sentence *s, unsigned long long n) {
    char text[24];
    int k = snprintf(text, sizeof text, "%llu", n);
    put(s, text, (size_t)k);
}

static void codepoint_name(sentence *s, uint32_t cp, bool zh) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
        unsigned ascii = cp - 0xFEE0;
        if (!zh) str(s, "FULLWIDTH ");
        if (ascii >= '0' && ascii <= '9') {
            str(s, zh ? "全角数字" : "DIGIT ");
            if (!zh) str(s, digit_names[ascii - '0']);
        } else if ((ascii >= 'A' && ascii <= 'Z') || (ascii >= 'a' && ascii <= 'z')) {
            bool upper = ascii <= 'Z';
            str(s, zh ? (upper ? "全角大写字母 " : "全角小写字母 ") : (upper ? "LATIN CAPITAL LETTER " : "LATIN SMALL LETTER "));
            /* Unicode names the letter in capitals; the Chinese shows it. */
            char letter = (char)(upper || zh ? ascii : ascii - 'a' + 'A');
            put(s, &letter, 1);
        } else {
            const char *both = fullwidth_names[cp - 0xFF01], *bar = strchr(both, '|');
            if (zh) {
                str(s, "全角");
                str(s, bar + 1);
            } else {
                put(s, both, (size_t)(bar - both));
            }
        }
        return;
    }
    for (size_t i = 0; i < sizeof wide_chars / sizeof wide_chars[0]; i++)
        if (wide_chars[i].cp == cp) {
            str(s, zh ? wide_chars[i].zh : wide_chars[i].en);
            return;
        }
    str(s, zh ? "字符" : "CHARACTER");
}

/* name as a word of a shell command: as is when it is plain, else in single
 * quotes; FILE when there is no name (or it is standard input). */
static void file_word(sentence *s, const char *name) {
    if (!name || !*name || !strcmp(name, "-")) {
        str(s, "FILE");
        return;
    }
    bool plain = true;
    for (const unsigned char *p = (const unsigned char *)name; *p && plain; p++)
        plain = *p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || strchr("._/+-,@%=", *p);
    if (plain) {
        str(s, name);
        return;
    }
    put(s, "'", 1);
    for (const char *p = name; *p; p++) {
        if (*p == '\'') str(s, "'\\''");
        else put(s, p, 1);
    }
    put(s, "'", 1);
}

/* The names allowed; in Chinese each with its label when it has one
 * (refund_requested（申请退款）), so that staff find the one they mean. */
static void values(sentence *s, const rf_error *err, bool zh) {
    for (unsigned i = 0; i < err->value_count; i++) {
        const char *name = rf__enum_value_name((rf_enum_id)err->values, (int)i);
        if (!name) break;
        if (i) str(s, zh ? "、" : ", ");
        str(s, name);
        const char *label = zh ? rf_enum_label_zh((rf_enum_id)err->values, (int)i) : NULL;
        if (label && strcmp(label, name)) {
            str(s, "（");
            str(s, label);
            str(s, "）");
        }
    }
}

/* "a,b,c" as "a, b and c" or "a、b 和 c". */
static void and_list(sentence *s, const char *list, bool zh) {
    size_t items = 1;
    for (const char *p = list; *p; p++) items += *p == ',';
    size_t item = 0;
    for (const char *p = list; *p; item++) {
        size_t n = strcspn(p, ",");
        if (item) str(s, item + 1 == items ? (zh ? " 和 " : " and ") : (zh ? "、" : ", "));
        put(s, p, n);
        p += n + (p[n] == ',');
    }
}

/* Part k (1-based) of the comma-separated list, its length in *n: NULL past
 * its end. */
static const char *list_item(const char *list, unsigned k, size_t *n) {
    const char *p = list;
    for (unsigned i = 1; i < k && p; i++) {
        p = strchr(p, ',');
        if (p) p++;
    }
    *n = p ? strcspn(p, ",") : 0;
    return p;
}

static void list_part(sentence *s, const char *list, unsigned k) {
    size_t n;
    const char *p = list_item(list, k, &n);
    if (p) put(s, p, n);
}

/* Part k of fix, a name of the rf_enum err->values: in Chinese its label
 * (天猫(商城)), as the seller console says it. */
static void enum_part(sentence *s, const rf_error *err, unsigned k, bool zh) {
    size_t n;
    const char *p = list_item(err->fix, k, &n);
    if (!p) return;
    int v = zh && (unsigned)err->values < RF_ENUM_COUNT ? rf_enum_lookup((rf_enum_id)err->values, p, n) : -1;
    const char *label = v >= 0 ? rf_enum_label_zh((rf_enum_id)err->values, v) : NULL;
    if (label) str(s, label);
    else put(s, p, n);
}

/* A TOP status: in Chinese quoted, with its label when it has one
 * ("TRADE_FINISHED"（交易成功）), the name being the data's own word. */
static void top_status(sentence *s, const char *name, bool zh) {
    if (!zh) {
        str(s, name);
        return;
    }
    put(s, "\"", 1);
    str(s, name);
    put(s, "\"", 1);
    for (size_t i = 0; i < sizeof top_statuses / sizeof top_statuses[0]; i++)
        if (!strcmp(top_statuses[i].id, name)) {
            str(s, "（");
            str(s, top_statuses[i].zh);
            str(s, "）");
            return;
        }
}

/* "3,5,7,10" as "3, 5, 7 or 10" or "3、5、7 或 10". */
static void choices(sentence *s, const char *list, bool zh) {
    size_t items = 1;
    for (const char *p = list; *p; p++) items += *p == ',';
    size_t item = 0;
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (item) str(s, item + 1 == items ? (zh ? " 或 " : " or ") : (zh ? "、" : ", "));
        put(s, p, n);
        item++;
        p += n + (end ? 1 : 0);
    }
}

/* A byte of the input as the JSON reader names it: 'x' for printable ASCII
 * (the apostrophe in double quotes), else NUL or its value. */
static void byte_word(sentence *s, uint32_t c, bool zh) {
    char text[24];
    int k;
    if (c == '\'')
        k = snprintf(text, sizeof text, "\"'\"");
    else if (c == 0)
        k = snprintf(text, sizeof text, zh ? "NUL 字节" : "NUL byte");
    else if (c > 0x20 && c < 0x7F)
        k = snprintf(text, sizeof text, "'%c'", (char)c);
    else
        k = snprintf(text, sizeof text, zh ? "字节 0x%02X" : "byte 0x%02X", (unsigned)c);
    put(s, text, (size_t)k);
}

static void say_phrase(sentence *s, const phrase *list, size_t n, const char *id, bool zh) {
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i].id, id)) {
            str(s, zh ? list[i].zh : list[i].en);
            return;
        }
    str(s, id);
}

static void expand(sentence *s, const char *t, const rf_error *err, bool zh) {
    while (*t) {
        const char *open = strchr(t, '{');
        if (!open) {
            str(s, t);
            return;
        }
        put(s, t, (size_t)(open - t));
        const char *close = strchr(open, '}');
        size_t n = (size_t)(close - open - 1);
        const char *key = open + 1;
#define IS(word) (n == sizeof word - 1 && !memcmp(key, word, n))
        if (IS("found")) {
            str(s, err->found);
        } else if (IS("fix")) {
            str(s, err->fix);
        } else if (IS("cp")) {
            char text[16];
            int k = snprintf(text, sizeof text, "U+%04X", (unsigned)err->codepoint);
            put(s, text, (size_t)k);
        } else if (IS("cpname")) {
            codepoint_name(s, err->codepoint, zh);
        } else if (IS("values")) {
            values(s, err, zh);
        } else if (IS("choices")) {
            choices(s, err->fix, zh);
        } else if (IS("event")) {
            /* An event type (fix): in Chinese by its label, as the seller
             * console names the action:「申请退款」. */
            int type = zh ? rf_enum_lookup(RF_ENUM_EVENT, err->fix, strlen(err->fix)) : -1;
            if (type >= 0) {
                str(s, "「");
                str(s, rf_enum_label_zh(RF_ENUM_EVENT, type));
                str(s, "」");
            } else {
                str(s, err->fix);
            }
        } else if (IS("args")) {
            and_list(s, err->fix, zh);
        } else if (n == 4 && !memcmp(key, "fix", 3) && key[3] >= '1' && key[3] <= '3') {
            list_part(s, err->fix, (unsigned)(key[3] - '0'));
        } else if (n == 5 && !memcmp(key, "name", 4) && key[4] >= '1' && key[4] <= '2') {
            enum_part(s, err, (unsigned)(key[4] - '0'), zh);
        } else if (IS("status")) {
            top_status(s, err->found, zh);
        } else if (IS("status2")) {
            top_status(s, err->fix, zh);
        } else if (IS("first")) {
            str(s, zh ? "第 " : "line ");
            number(s, err->first_line);
            str(s, zh ? " 行第 " : ", column ");
            number(s, err->first_column);
            if (zh) str(s, " 列");
        } else if (IS("file")) {
            file_word(s, err->name);
        } else if (IS("byte")) {
            byte_word(s, err->codepoint, zh);
        } else if (IS("hex")) {
            char text[16];
            int k = snprintf(text, sizeof text, "0x%02X", (unsigned)err->codepoint);
            put(s, text, (size_t)k);
        } else if (IS("u")) {
            char text[16];
            int k = snprintf(text, sizeof text, "\\u%04X", (unsigned)err->codepoint);
            put(s, text, (size_t)k);
        } else if (IS("expected")) {
            say_phrase(s, expectations, sizeof expectations / sizeof expectations[0], err->fix, zh);
        } else if (IS("unit")) {
            say_phrase(s, units, sizeof units / sizeof units[0], err->found, zh);
        } else if (IS("range")) {
            const char *comma = strchr(err->fix, ',');
            if (comma) {
                put(s, err->fix, (size_t)(comma - err->fix));
                str(s, zh ? " 至 " : " to ");
                str(s, comma + 1);
            } else {
                str(s, err->fix);
            }
        } else if (IS("inside")) {
            if (err->found[0]) say_phrase(s, constructs, sizeof constructs / sizeof constructs[0], err->found, zh);
        }
#undef IS
        t = close + 1;
    }
}

size_t rf_error_message(const rf_error *err, rf_lang lang, char *buf, size_t size) {
    if (!buf) size = 0; /* nowhere to write: only count */
    sentence s = {buf, size, 0};
    if (err) {
        const template *t = (unsigned)err->detail < RF_ERR_COUNT ? &catalogue[err->detail] : NULL;
        if (t && t->en) expand(&s, lang == RF_LANG_ZH ? t->zh : t->en, err, lang == RF_LANG_ZH);
        else str(&s, err->message[0] ? err->message : rf_status_message(err->code));
    }
    return rf__sentence_end(&s);
}

/* ---- filling an error ---------------------------------------------------------------- */

size_t rf__text_cut(const char *text, size_t len, size_t max) {
    if (len <= max) return len;
    len = max;
    while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) len--;
    return len;
}

void rf__text_copy(char *dst, size_t size, const char *text, size_t len) {
    len = text ? rf__text_cut(text, len, size - 1) : 0;
    if (len) memcpy(dst, text, len);
    dst[len] = '\0';
}

/* err->message: the English sentence, without the input's name (a command
 * that needs it says FILE), as rf_error documents the message. */
static void compose(rf_error *err) {
    const char *name = err->name;
    err->name = NULL;
    rf_error_message(err, RF_LANG_EN, err->message, sizeof err->message);
    err->name = name;
}

rf_status rf__fail_detail(rf_error *err, rf_status code, size_t offset, unsigned line, unsigned column,
                          const char *field, const rf__detail *d) {
    if (!err || err->code != RF_OK) return code;
    const char *name = err->name; /* the input's name stays; the rest is this error's */
    rf__error_clear(err);
    err->name = name;
    err->code = code;
    err->offset = offset;
    err->line = line;
    err->column = column;
    rf__text_copy(err->field, sizeof err->field, field, field ? strlen(field) : 0);
    err->detail = d->detail;
    err->codepoint = d->codepoint;
    rf__text_copy(err->found, sizeof err->found, d->found, d->found_len);
    rf__text_copy(err->fix, sizeof err->fix, d->fix, d->fix_len);
    err->values = d->values;
    err->value_count = d->value_count;
    err->first_offset = d->first_offset;
    err->first_line = d->first_line;
    err->first_column = d->first_column;
    compose(err);
    return code;
}

rf_status rf__fail_with(rf_error *err, rf_status code, size_t offset, unsigned line, unsigned column,
                        const char *field, rf_error_detail detail, const char *found, const char *fix) {
    rf__detail d = {.detail = detail, .found = found, .found_len = found ? strlen(found) : 0,
                    .fix = fix, .fix_len = fix ? strlen(fix) : 0};
    return rf__fail_detail(err, code, offset, line, column, field, &d);
}

rf_status rf__fail_null(rf_error *err, rf_status code, const char *fn, const char *args) {
    return rf__fail_with(err, code, 0, 0, 0, NULL, RF_ERR_NULL_ARGUMENT, fn, args);
}

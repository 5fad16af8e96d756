// The public header compiles as C++ (extern "C", no C-only constructs), and
// its aggregate initializers work there too.
#include <refund.h>

int main() {
    rf_error err = rf_error();
    rf_order order = RF_ORDER_INIT;
    rf_event ev = RF_EVENT_INIT;
    rf_settle_request request = RF_SETTLE_REQUEST_INIT;
    rf_settlement settlement = RF_SETTLEMENT_INIT;
    rf_replay_options options = RF_REPLAY_OPTIONS_INIT;
    rf_facts facts = RF_FACTS_INIT;
    rf_csv_options csv = RF_CSV_OPTIONS_INIT;
    rf_order by_function;
    rf_order_init(&by_function);
    (void)err;
    bool ok = order.size == sizeof(rf_order) && ev.size == sizeof(rf_event) && order.seven_day_return &&
              by_function.size == order.size && by_function.delivery == RF_DELIVERY_EXPRESS && ev.has == 0 &&
              request.size == sizeof request && settlement.size == sizeof settlement &&
              options.size == sizeof options && !options.has_now && facts.size == sizeof facts &&
              csv.size == sizeof csv && !csv.header && csv.codes == 0;
    return rf_status_name(RF_OK) != nullptr && rf_version() != nullptr && ok ? 0 : 1;
}

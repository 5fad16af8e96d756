// The public header compiles as C++ (extern "C", no C-only constructs).
#include <refund.h>

int main() {
    rf_error err = rf_error();
    (void)err;
    return rf_status_name(RF_OK) != nullptr && rf_version() != nullptr ? 0 : 1;
}

/* src/error.c - outcome texts and the contract hook. */
#include "co_impl.h"

const char *co_strerror(int status)
{
    switch (status) {
    case CO_OK:
        return "success";
    case CO_PENDING:
        return "pending";
#define CO__ERR_CASE(name, value, text)                                        \
    case CO_##name:                                                            \
        return text;
        CO_ERRNO_MAP(CO__ERR_CASE)
#undef CO__ERR_CASE
    default:
        return status <= CO_EUSER ? "application error" : "unknown error";
    }
}

const char *co_contract_text(int id)
{
#if CO_CONFIG_CHECK_TEXT
    switch (id) {
#define CO__CON_CASE(num, name, text)                                          \
    case num:                                                                  \
        return text;
        CO_CONTRACT_MAP(CO__CON_CASE)
#undef CO__CON_CASE
    default:
        break;
    }
#else
    (void)id;
#endif
    return "unknown";
}

static co_contract_fn *contract_hook;

co_contract_fn *co_set_contract_handler(co_contract_fn *fn)
{
    co_contract_fn *old = contract_hook;
    contract_hook = fn;
    return old;
}

void co__contract_failed(int id)
{
#if CO_CONFIG_CHECK_TEXT
    const char *text = co_contract_text(id);
#else
    const char *text = NULL;
#endif
    if (contract_hook)
        contract_hook(id, text);
    else
        co_port_contract_failed(id, text);
}

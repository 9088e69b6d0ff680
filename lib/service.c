#include "limits.h"
#include "service.h"

static fd_err
check_range(const char *f, json_object *v, int64_t lo, int64_t hi, err_detail *d)
{
	int64_t n = json_object_get_int64(v);

	if (n < lo || n > hi)
		return err_set(d, ERR_VALIDATION, f, "%s must be from %lld to %lld", f, (long long)lo,
		    (long long)hi);
	return OK;
}

static fd_err
check_duration(const char *f, json_object *v, err_detail *d)
{
	return check_range(f, v, 5, 480, d);
}

static fd_err
check_buffer(const char *f, json_object *v, err_detail *d)
{
	return check_range(f, v, 0, 240, d);
}

static fd_err
check_price(const char *f, json_object *v, err_detail *d)
{
	return check_range(f, v, 0, 100000000000LL, d);
}

static fd_err
check_currency(const char *f, json_object *v, err_detail *d)
{
	if (!valid_currency(json_object_get_string(v)))
		return err_set(d, ERR_VALIDATION, f, "currency must be an ISO 4217 code like USD");
	return OK;
}

static const struct crud_col service_cols[] = {
	{"name", 's', CRUD_W | CRUD_REQ, LIM_FIELD_SHORT, NULL},
	{"description", 's', CRUD_W, 5000, NULL},
	{"duration_min", 'i', CRUD_W | CRUD_REQ, 0, check_duration},
	{"buffer_min", 'i', CRUD_W, 0, check_buffer},
	{"price", 'i', CRUD_W, 0, check_price},
	{"currency", 's', CRUD_W, 3, check_currency},
	{"active", 'b', CRUD_W, 0, NULL},
	{NULL, 0, 0, 0, NULL},
};

const struct crud_res service_res = {"services", "service", service_cols, NULL};

/* Services a tenant offers: duration, buffer, price in minor units. */
#ifndef FD_SERVICE_H
#define FD_SERVICE_H

#include "crud.h"

extern const struct crud_res service_res;

#endif

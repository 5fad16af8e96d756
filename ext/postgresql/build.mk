# ext/postgresql: librefund as a PostgreSQL extension (docs/postgresql.md).
# The PGXS half of Makefile (which keeps `check` and `bench` for itself,
# since PGXS's own `check` only says it is not supported).
# PG_CONFIG picks the server (pg_config on the PATH by default).

PG_CONFIG ?= pg_config
TOP       := $(abspath ../..)
LIBREFUND := $(TOP)/build/lib/librefund.a

MODULE_big = refund
OBJS       = refund_pg.o jsonb_text.o
EXTENSION  = refund
DATA       = refund--1.0.sql
PG_CPPFLAGS = -I$(TOP)/include
# The house style declares variables where they are first needed (C11).
PG_CFLAGS  = -Wno-declaration-after-statement -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
SHLIB_LINK = $(LIBREFUND)
EXTRA_CLEAN = results regression.diffs regression.out

# The library's objects are built with -fPIC by the top-level Makefile, so
# its static archive links into a shared module. It is always asked for:
# the top-level Makefile knows when it is out of date.
.PHONY: librefund
librefund:
	$(MAKE) -C $(TOP) build/lib/librefund.a build/bin/refund build/bench/gen
refund_pg.o jsonb_text.o: librefund
$(shlib): $(LIBREFUND)

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)


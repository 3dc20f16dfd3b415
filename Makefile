# lt - learning-progress tracking on plain log files.
#
# Plain make.  `make` builds build/lt; `make check` installs what is
# missing (scripts/install-deps.sh) and runs every test; `make demo`
# records a sample run and shows it.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
# lt-serve, the part of lt a static lt runs for lt serve (below).
LIBEXECDIR ?= $(PREFIX)/libexec/lt
MANDIR	?= $(PREFIX)/share/man
# Where bash-completion and zsh look for the completion of a command.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
DESTDIR	?=

CC	?= cc
# Link-time optimisation: the path of every event crosses modules (the
# scan, the engine, the decoder, the analyses), and inlining across them
# took 6 % of the instructions of lt report off.
CFLAGS	?= -O2 -g -flto=auto
BUILD	?= build
VERSION	 = 0.1.0

PKGS	 = jansson gsl libprotobuf-c yaml-0.1
LT_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wpedantic \
	    -DLT_VERSION='"$(VERSION)"' -Ilib -Icmd -I$(BUILD)/lib \
	    $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# The libraries are linked statically: lt runs once per event from
# training scripts, and loading six shared objects tripled the
# instructions of a start (455k against 171k for lt --version).  lt
# itself is then linked statically as a whole (static-pie: its addresses
# still random), as loading the C library and libm and relocating them
# cost it a third of an lt record (93 page faults against 61).  A static
# program cannot load libmicrohttpd, so lt serve runs lt-serve, the same
# lt with the C library shared, from beside lt or from LIBEXECDIR.  The
# unit tests and the fuzz harnesses link as lt-serve does.  `make
# LINK=dynamic` links every library as a shared object, and lt serves
# itself; `make asan` does so, as the sanitizers need the shared C
# library.
LINK	?= static
DEP_LIBS = -lcsv $(filter-out -lm,$(shell pkg-config --libs $(PKGS) 2>/dev/null))
ifeq ($(LINK),static)
LT_LIBS	 = -Wl,-Bstatic $(DEP_LIBS) -Wl,-Bdynamic -lpthread -ldl -lm
LT_MAIN_LIBS = -static-pie $(DEP_LIBS) -lpthread -lm
LT_MAIN_OBJS = $(filter-out $(BUILD)/cmd/serve.o,$(CMD_OBJS)) \
	    $(BUILD)/cmd/serve-exec.o
SERVE_HELPER = $(BUILD)/lt-serve
else
LT_LIBS	 = $(DEP_LIBS) -lpthread -ldl -lm
LT_MAIN_LIBS = $(LT_LIBS)
LT_MAIN_OBJS = $(CMD_OBJS)
SERVE_HELPER =
endif

LIB_SRCS = \
	lib/batch.c \
	lib/buf.c \
	lib/compact.c \
	lib/compare.c \
	lib/converge.c \
	lib/crc32c.c \
	lib/curve.c \
	lib/engine.c \
	lib/error.c \
	lib/event.c \
	lib/export.c \
	lib/follow.c \
	lib/forecast.c \
	lib/forecast_task.c \
	lib/format.c \
	lib/goal.c \
	lib/groups.c \
	lib/hashtab.c \
	lib/import.c \
	lib/import_csv.c \
	lib/import_json.c \
	lib/import_map.c \
	lib/import_mlflow.c \
	lib/import_seen.c \
	lib/import_tb.c \
	lib/json.c \
	lib/live.c \
	lib/metrics.c \
	lib/num.c \
	lib/output.c \
	lib/plot.c \
	lib/pscan.c \
	lib/render.c \
	lib/render_json.c \
	lib/render_table.c \
	lib/report.c \
	lib/ring.c \
	lib/run.c \
	lib/scan.c \
	lib/screen.c \
	lib/serve.c \
	lib/slurp.c \
	lib/sniff.c \
	lib/stats.c \
	lib/store.c \
	lib/tail.c \
	lib/taskinfo.c \
	lib/tasktab.c \
	lib/tempfile.c \
	lib/tfevents.c \
	lib/trend.c \
	lib/watch.c \
	lib/yamljson.c

# cmd/NAME.c is the command lt NAME (man/lt-NAME.1); cmd/common/ holds
# what several commands share: the options tables and --group.
CMD_SRCS = \
	cmd/compact.c \
	cmd/compare.c \
	cmd/complete.c \
	cmd/converge.c \
	cmd/curve.c \
	cmd/export.c \
	cmd/forecast.c \
	cmd/goal.c \
	cmd/common/groups.c \
	cmd/import.c \
	cmd/lt.c \
	cmd/metrics.c \
	cmd/common/options.c \
	cmd/plot.c \
	cmd/record.c \
	cmd/report.c \
	cmd/serve.c \
	cmd/task.c \
	cmd/trend.c \
	cmd/watch.c

UNIT_TESTS = \
	tests/unit/test_analysis.c \
	tests/unit/test_batch.c \
	tests/unit/test_compact.c \
	tests/unit/test_compare.c \
	tests/unit/test_engine.c \
	tests/unit/test_events.c \
	tests/unit/test_fastpath.c \
	tests/unit/test_forecast.c \
	tests/unit/test_follow.c \
	tests/unit/test_format.c \
	tests/unit/test_goal.c \
	tests/unit/test_import.c \
	tests/unit/test_live.c \
	tests/unit/test_num.c \
	tests/unit/test_output.c \
	tests/unit/test_plot.c \
	tests/unit/test_pscan.c \
	tests/unit/test_stats.c \
	tests/unit/test_store.c \
	tests/unit/test_tail.c \
	tests/unit/test_taskinfo.c \
	tests/unit/test_tasktab.c \
	tests/unit/test_tfevents.c

# The fuzz harnesses (fuzz/NAME.c; fuzz/import.c once per format, as
# import_FORMAT), each with its corpus in testdata/fuzz/NAME/.  `make
# fuzz` builds them with clang and libFuzzer into build-fuzz/ and runs
# each for FUZZ_SECONDS; `make test` replays every corpus once through
# fuzz/replay.c, built like the unit tests.
FUZZ_IMPORTS = keras lightning hf sb3 mlflow tensorboard yolo detectron2
FUZZ_NAMES = batch decode goals meta num scan tfevents \
	$(FUZZ_IMPORTS:%=import_%)
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all \
	-fsanitize=fuzzer-no-link,address,undefined
FUZZ_REPLAY = $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)
FUZZ_COMMON = fuzz/fuzz.c fuzz/fuzz.h

# Benchmark programs of the library, run by bench/*.sh.
BENCH_BINS = \
	$(BUILD)/bench/compare \
	$(BUILD)/bench/forecast \
	$(BUILD)/bench/gen

# Generated by protoc-c from the minimal schema of TensorBoard's events.
PROTO_GEN = $(BUILD)/lib/tfevents.pb-c.c $(BUILD)/lib/tfevents.pb-c.h

MANS = \
	man/lt-compact.1 \
	man/lt-compare.1 \
	man/lt-complete.1 \
	man/lt-converge.1 \
	man/lt-curve.1 \
	man/lt-export.1 \
	man/lt-forecast.1 \
	man/lt-goal.1 \
	man/lt-import.1 \
	man/lt-metrics.1 \
	man/lt-plot.1 \
	man/lt-record.1 \
	man/lt-report.1 \
	man/lt-serve.1 \
	man/lt-task.1 \
	man/lt-trend.1 \
	man/lt-watch.1 \
	man/lt.1 \
	man/lt-format.5

LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/lib/tfevents.pb-c.o \
	    $(BUILD)/lib/serve_page.o
CMD_OBJS  = $(CMD_SRCS:%.c=$(BUILD)/%.o)
UNIT_BINS = $(UNIT_TESTS:%.c=$(BUILD)/%)
HEADERS	  = $(wildcard lib/*.h cmd/*.h)

all: $(BUILD)/lt $(SERVE_HELPER)

$(BUILD)/%.o: %.c $(HEADERS) $(PROTO_GEN)
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CFLAGS) -c $< -o $@

$(PROTO_GEN): lib/tfevents.proto
	@mkdir -p $(BUILD)/lib
	protoc-c --proto_path=lib --c_out=$(BUILD)/lib lib/tfevents.proto

$(BUILD)/lib/tfevents.pb-c.o: $(BUILD)/lib/tfevents.pb-c.c
	$(CC) $(LT_CFLAGS) $(CFLAGS) -c $< -o $@

# lt serve's page, its lines as C strings (each under the 4095 bytes ISO C
# promises a literal).
$(BUILD)/lib/serve_page.c: lib/serve_page.html
	@mkdir -p $(@D)
	{ echo '/* Made from lib/serve_page.html by the Makefile. */'; \
	  echo 'const char *const lt_serve_page[] = {'; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/	"/' -e 's/$$/\\n",/' \
	      lib/serve_page.html; \
	  echo '	0'; echo '};'; } >$@

$(BUILD)/lib/serve_page.o: $(BUILD)/lib/serve_page.c
	$(CC) $(LT_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/liblt.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

$(BUILD)/lt: $(LT_MAIN_OBJS) $(BUILD)/liblt.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(LT_MAIN_OBJS) $(BUILD)/liblt.a \
	    $(LT_MAIN_LIBS)

$(BUILD)/lt-serve: $(CMD_OBJS) $(BUILD)/liblt.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJS) $(BUILD)/liblt.a $(LT_LIBS)

$(BUILD)/cmd/serve-exec.o: cmd/serve.c $(HEADERS) $(PROTO_GEN)
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CFLAGS) -DLT_SERVE_HELPER='"lt-serve"' \
	    -DLT_LIBEXECDIR='"$(LIBEXECDIR)"' -c cmd/serve.c -o $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/liblt.a
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(shell pkg-config --cflags cmocka 2>/dev/null) \
	    $(CFLAGS) -o $@ $< $(BUILD)/liblt.a $(LT_LIBS) \
	    $(shell pkg-config --libs cmocka 2>/dev/null)

# The signal tests' LD_PRELOAD shim: no sanitizer, as it is loaded first.
$(BUILD)/tests/sigshim.so: tests/sigshim.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Wpedantic -O2 -shared -fPIC -o $@ \
	    tests/sigshim.c -ldl

$(BUILD)/tests/faultshim.so: tests/faultshim.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Wpedantic -O2 -shared -fPIC -o $@ \
	    tests/faultshim.c -ldl

$(BUILD)/fuzz/import_%: fuzz/import.c fuzz/replay.c $(FUZZ_COMMON) \
    $(BUILD)/liblt.a
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) -Ifuzz $(CFLAGS) -DFUZZ_FROM='"$*"' -o $@ \
	    fuzz/import.c fuzz/fuzz.c fuzz/replay.c $(BUILD)/liblt.a $(LT_LIBS)

$(BUILD)/fuzz/%: fuzz/%.c fuzz/replay.c $(FUZZ_COMMON) $(BUILD)/liblt.a
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) -Ifuzz $(CFLAGS) -o $@ $< fuzz/fuzz.c \
	    fuzz/replay.c $(BUILD)/liblt.a $(LT_LIBS)

# libFuzzer's builds of the harnesses (BUILD=build-fuzz, CC=clang).
$(BUILD)/fuzzer/import_%: fuzz/import.c $(FUZZ_COMMON) $(BUILD)/liblt.a
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) -Ifuzz $(CFLAGS) -fsanitize=fuzzer \
	    -DFUZZ_FROM='"$*"' -o $@ fuzz/import.c fuzz/fuzz.c \
	    $(BUILD)/liblt.a $(LT_LIBS)

$(BUILD)/fuzzer/%: fuzz/%.c $(FUZZ_COMMON) $(BUILD)/liblt.a
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) -Ifuzz $(CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    fuzz/fuzz.c $(BUILD)/liblt.a $(LT_LIBS)

fuzzers: $(FUZZ_NAMES:%=$(BUILD)/fuzzer/%)

$(BUILD)/bench/%: bench/%.c $(BUILD)/liblt.a
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/liblt.a $(LT_LIBS)

deps:
	@sh scripts/install-deps.sh

# The test suites, on what is built; `check` sets up first and adds the
# stress tests of tests/slow/ (about 20 s), which `test` leaves out.
test: $(BUILD)/lt $(SERVE_HELPER) $(UNIT_BINS) $(FUZZ_REPLAY) $(BUILD)/tests/sigshim.so \
    $(BUILD)/tests/faultshim.so
	@LT="$(CURDIR)/$(BUILD)/lt" UNIT_BINS="$(UNIT_BINS)" \
	    FUZZ_BINS="$(FUZZ_REPLAY)" \
	    SIGSHIM="$(CURDIR)/$(BUILD)/tests/sigshim.so" \
	    FAULTSHIM="$(CURDIR)/$(BUILD)/tests/faultshim.so" sh tests/run

check-slow: $(BUILD)/lt $(SERVE_HELPER)
	@LT="$(CURDIR)/$(BUILD)/lt" sh tests/run tests/slow/*.bats

check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory check-slow

# ASan + UBSan build, every test run under it.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan LINK=dynamic \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test

# Each harness for FUZZ_SECONDS seconds under libFuzzer with ASan and
# UBSan; new inputs go to build-fuzz/corpus/NAME, faults to
# build-fuzz/crash/.  Ends with each harness's executions and findings.
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	    CFLAGS="$(FUZZ_CFLAGS)" fuzzers
	@sh scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

demo: deps
	@$(MAKE) --no-print-directory all
	@LT="$(CURDIR)/$(BUILD)/lt" sh scripts/demo.sh

bench: deps
	@sh scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@LT="$(CURDIR)/$(BUILD)/lt" sh bench/run

# lt report over 10^8 events (about 6.5 GB, written and deleted under
# bench/data/) against 10^5 and 10^7: memory and time (bench/huge).
bench-huge: deps
	@sh scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory all $(BUILD)/bench/gen
	@LT="$(CURDIR)/$(BUILD)/lt" sh bench/huge

install: $(BUILD)/lt $(SERVE_HELPER)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR)
	cp $(BUILD)/lt $(DESTDIR)$(BINDIR)/lt
	chmod 755 $(DESTDIR)$(BINDIR)/lt
	if [ -n "$(SERVE_HELPER)" ]; then \
		mkdir -p $(DESTDIR)$(LIBEXECDIR) && \
		cp $(SERVE_HELPER) $(DESTDIR)$(LIBEXECDIR)/lt-serve && \
		chmod 755 $(DESTDIR)$(LIBEXECDIR)/lt-serve; \
	fi
	for m in $(MANS); do \
		s=$${m##*.}; cp $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done
	cp completion/lt.bash $(DESTDIR)$(BASHCOMPDIR)/lt
	cp completion/_lt $(DESTDIR)$(ZSHCOMPDIR)/_lt

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/lt $(DESTDIR)$(LIBEXECDIR)/lt-serve
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null
	for m in $(MANS); do \
		s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; \
	done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/lt $(DESTDIR)$(ZSHCOMPDIR)/_lt

# The man pages are clean, the scripts too, the library's modules have no
# circle, each command's --help (its options table) says what its man page
# says, and a test runs every option of every man page.
lint: $(BUILD)/lt $(SERVE_HELPER)
	mandoc -Tlint -W warning $(MANS)
	shellcheck -s sh scripts/*.sh tests/run bench/run bench/figure \
	    bench/huge bench/serve-writer bench/*.sh
	shellcheck -s bash completion/lt.bash
	zsh -n completion/_lt
	sh scripts/layers.sh $(LIB_OBJS)
	sh scripts/check-options.sh $(BUILD)/lt
	sh scripts/untested-options.sh

clean:
	rm -rf build build-asan build-fuzz

.PHONY: all deps test check check-slow asan fuzz fuzzers demo bench bench-huge \
	install uninstall lint clean

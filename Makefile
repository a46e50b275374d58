# Mentorbook: `make run` opens the program, `make test` runs every test.
# Both first install whatever system packages are missing (.ci/deps).

BINARY := mentorbook

.PHONY: all deps build run test bench fuzz screenshots dist dist-check clean

all: build

deps:
	@./.ci/deps

build: deps
	go build -o $(BINARY) .

run: build
	./$(BINARY)

# The GUI tests draw nothing on screen, but a display is there for the
# tests that start the real program; Xvfb provides one without a monitor.
# The data packages then run again on PostgreSQL, a throwaway server the
# tests start themselves (data/pgtest); without PostgreSQL they fail and
# say what to install. GOTEST_TIMEOUT: go test's own default of 10
# minutes a package is a hang detector, and the window's package under
# -race on two busy cores comes near it; a hang still ends the run.
GOTEST_TIMEOUT ?= 30m
test: deps
	go vet ./...
	@if [ -z "$$DISPLAY" ]; then \
		xvfb-run -a -s "-screen 0 1280x800x24" go test -race -count=1 -timeout $(GOTEST_TIMEOUT) ./... ; \
	else \
		go test -race -count=1 -timeout $(GOTEST_TIMEOUT) ./... ; \
	fi
	MENTORBOOK_TEST_DB=postgres go test -race -count=1 -timeout $(GOTEST_TIMEOUT) ./data/...

bench: deps
	go test -run '^$$' -bench . -benchmem ./...

# Every fuzzer for a while; go test -fuzz takes one target at a time.
FUZZTIME ?= 30s
fuzz: deps
	for t in FuzzText FuzzLayout; do go test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./app/report/ || exit 1; done
	for t in FuzzReadCSV FuzzWriteCSV FuzzICS; do go test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./data/roster/ || exit 1; done
	for t in FuzzParseDate FuzzFold; do go test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./data/ || exit 1; done

screenshots: build
	./.ci/screenshots

# What counsellors install, into dist/: the .deb, fyne package's .tar.xz and
# the Windows zip (see .ci/dist). dist-check installs the .deb into this
# machine, runs it and removes it again, and inspects the Windows program.
dist:
	@./.ci/deps dist
	./.ci/dist

dist-check: dist
	./.ci/dist-check

clean:
	rm -rf $(BINARY) dist

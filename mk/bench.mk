# The benchmark (bench/README.md): ours vs bare baselines, memory, start-up, scale-out. A benchmark, not a
# test: never part of `make test`. Included by the top-level Makefile (include mk/*.mk).

BENCH_RUN        := npx --no-install tsx bench/run.ts
# Short runs: proves the harness end to end in about two minutes; its numbers are not results.
BENCH_QUICK_ENV  := BENCH_DURATION_S=3 BENCH_WARMUP_S=1 BENCH_ROUNDS=2 BENCH_STARTUP_RUNS=2 BENCH_OUT_DIR=bench/tmp

.PHONY: bench bench-quick bench-profile bench-images bench-wrk bench-report bench-ab

##@ 5 Benchmark

bench: build tool-ghz bench-wrk bench-images ## Full benchmark (about 8 min): prints the table, writes bench/results.json and bench/chart.svg
	GHZ="$(GHZ)" $(BENCH_RUN)

bench-quick: build tool-ghz bench-wrk bench-images ## The benchmark with 3 s runs, into bench/tmp: proves the harness, not the services
	$(BENCH_QUICK_ENV) GHZ="$(GHZ)" $(BENCH_RUN)

bench-profile: build tool-ghz bench-wrk ## Homepage and RPC pairs under node --cpu-prof; prints each server's hottest code (bench/tmp/profiles)
	rm -rf bench/tmp/profiles
	BENCH_CPU_PROFILE=1 BENCH_SECTIONS=homepage,rpc BENCH_ROUNDS=1 BENCH_OUT_DIR=bench/tmp GHZ="$(GHZ)" $(BENCH_RUN)
	npx --no-install tsx bench/profile-summary.ts bench/tmp/profiles/*.cpuprofile

# make bench-ab B=bench/tmp/scratch/myfix [A=.] [PAIR=rpc|homepage]: short runs, many rounds, compared per round.
bench-ab: build tool-ghz bench-wrk ## A/B two builds of the services (B=<scratch copy>, A=., PAIR=rpc|homepage), 10 paired rounds
	@test -n "$(B)" || { echo "bench-ab: set B=<services root>, e.g. B=bench/tmp/scratch/myfix (bench/scratch-copy.sh)" >&2; exit 1; }
	BENCH_ROUNDS=$${BENCH_ROUNDS:-10} BENCH_DURATION_S=$${BENCH_DURATION_S:-3} BENCH_WARMUP_S=$${BENCH_WARMUP_S:-1} \
		GHZ="$(GHZ)" npx --no-install tsx bench/ab.ts $(or $(PAIR),rpc) $(or $(A),.) $(B)

bench-images: base-image ## Build bookstore/{recommendations,marketplace}:bench (scripts/docker-build.sh; cached layers make re-runs quick)
	@for svc in recommendations marketplace; do \
		echo "scripts/docker-build.sh $$svc bookstore/$$svc:bench"; \
		scripts/docker-build.sh $$svc bookstore/$$svc:bench -q >/dev/null || exit 1; \
	done

bench-wrk: ## Install wrk, the HTTP load generator, from Debian unless it is on PATH
	@bench/install-wrk.sh

bench-report: ## Print the table and redraw bench/chart.svg from bench/results.json, without running anything
	npx --no-install tsx bench/report-again.ts bench

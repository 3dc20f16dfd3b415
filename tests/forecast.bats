#!/usr/bin/env bats
# lt forecast: saturating curves fitted to a task's points, the asymptote
# and its interval, predictions, and when a target is reached.

load test_helper

BRATS=$TESTDATA/brats2020-unet.jsonl

# curve FILE TASK N A B C [FLIP]: N events at episodes 0..N-1, one a minute
# from 1795600800, score A - B exp(-C (episode + 1)) plus a fixed noise of
# 17 levels in [-0.002, 0.002] (the same as tests/unit/test_forecast.c);
# with FLIP 1 the score is 1 minus that (a loss falling to 1 - A).
curve() {
	awk -v n="$3" -v a="$4" -v b="$5" -v c="$6" -v flip="${7:-0}" \
	    -v task="$2" 'BEGIN {
		for (i = 0; i < n; i++) {
			y = a - b * exp(-c * (i + 1)) + \
			    0.002 * (((i * 37) % 17) - 8) / 8
			if (flip)
				y = 1 - y
			printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%.17g,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + 60 * i, task, y, i
		}
	}' >>"$1"
}

# within GOT WANT REL: |GOT - WANT| <= REL * |WANT|.
within() {
	awk -v g="$1" -v w="$2" -v r="$3" 'BEGIN {
		d = g - w; if (d < 0) d = -d; m = w < 0 ? -w : w
		if (!(d <= r * m)) { print "got " g ", want " w " (rel " r ")"; exit 1 }
	}'
}

@test "forecast recovers a synthetic curve's asymptote within its interval, and its crossing" {
	curve run.jsonl cls 40 0.92 0.5 0.08
	run lt forecast cls --target 0.915 --json -f run.jsonl
	assert_success
	echo "$output" >fc.json
	jq -e '.status == "ok" and .model == "exp" and .n == 40 and
	    .x == "episode" and .x_origin == -1 and
	    .asymptote_interval[0] < 0.92 and 0.92 < .asymptote_interval[1] and
	    .confidence_level == 0.95 and .dof == 37 and
	    .target.reach == "reached"' fc.json
	# The closed form with the true parameters: x = ln(b / (a - target)) / c
	# = ln(0.5 / 0.005) / 0.08 = 57.565, episode x - 1 = 56.565; the
	# fitted curve's within 2 %.
	want=$(awk 'BEGIN { printf "%.17g", log(0.5 / 0.005) / 0.08 - 1 }')
	within "$(jq .target.episode fc.json)" "$want" 0.02
	# and exactly where the fitted parameters put it
	want=$(jq -r '.parameters | [.a, .b, .c] | @tsv' fc.json | awk '{
	    printf "%.17g", log($2 / ($1 - 0.915)) / $3 - 1 }')
	within "$(jq .target.episode fc.json)" "$want" 1e-12
	# The time: the last point (episode 39) plus a minute an episode.
	want=$(jq .target.episode fc.json | awk '{
	    printf "%.6f", 1795600800 + 60 * 39 + ($1 - 39) * 60 }')
	within "$(jq .target.timestamp fc.json)" "$want" 1e-15
	run lt forecast cls --target 0.915 -f run.jsonl
	assert_line --regexp '^target 0\.915 +reached at episode 56\.[0-9], 2026-11-25 [0-9:]+ \([0-9]+m [0-9]+s after the last point\)$'
}

@test "forecast parameters and residuals on the BraTS run match scipy and awk" {
	run lt forecast unet-val --target 0.5 --json -f "$BRATS"
	assert_success
	echo "$output" >fc.json
	# scipy.optimize.curve_fit of a - b exp(-c x), x = episode + 1, on the
	# same 24 points (tests/unit/test_forecast.c has the script).
	p=$(jq -r '[.parameters.a, .parameters.b, .parameters.c,
	    .standard_errors.a, .standard_errors.b, .standard_errors.c,
	    .models.exp.rss, .models.exp.aic] | @tsv' fc.json)
	read -r a b c sa sb sc rss aic <<<"$p"
	within "$a" 0.4459761354860654 1e-7
	within "$b" 0.0899134203992162 1e-6
	within "$c" 0.21348136029257242 1e-6
	within "$sa" 0.0018192729033312655 1e-6
	within "$sb" 0.005430182237072855 1e-6
	within "$sc" 0.024409128371139524 1e-6
	within "$rss" 0.00045116461191763374 1e-9
	within "$aic" -185.0525213398843 1e-9
	# The residuals of the printed parameters, summed by awk from the log,
	# are the fit's; the AIC and residual sd follow from them.
	got=$(jq -r 'select(.task_type == "unet-val") |
	    [.episode_count, .performance_score] | @tsv' "$BRATS" |
	    awk -v a="$a" -v b="$b" -v c="$c" '{
		r = $2 - (a - b * exp(-c * ($1 + 1))); s += r * r; n++ }
	    END { printf "%.17g %.17g %.17g", s,
		n * log(2 * 3.141592653589793 * s / n) + n + 8, sqrt(s / (n - 3)) }')
	read -r rss_awk aic_awk sd_awk <<<"$got"
	within "$rss" "$rss_awk" 1e-9
	within "$aic" "$aic_awk" 1e-9
	within "$(jq .residual_sd fc.json)" "$sd_awk" 1e-9
	# The interval is a +- t se(a), t = 2.0796 on 21 degrees of freedom
	# (scipy.stats.t.ppf(0.975, 21) = 2.079613844727662).
	within "$(jq '.asymptote_interval[1] - .asymptote' fc.json)" \
	    "$(awk -v s="$sa" 'BEGIN { printf "%.17g", 2.079613844727662 * s }')" 1e-8
	# The Dice has flattened at 0.4435: the asymptote lies by the plateau,
	# and 0.5 lies beyond its interval.
	jq -e '(.asymptote - 0.4435 | fabs) < 0.005 and
	    .asymptote_interval[0] <= 0.4435 and 0.4435 <= .asymptote_interval[1] and
	    .target.reach == "not_reached" and .target.episode == null and
	    .target.timestamp == null' fc.json
	run lt forecast unet-val --target 0.5 -f "$BRATS"
	assert_success
	assert_line --regexp '^target 0\.5 +not reached at this rate: the curve levels off at 0\.44598 \[0\.44219, 0\.44976\]$'
}

@test "forecast says uncertain between the asymptote and its interval's end" {
	curve run.jsonl cls 40 0.92 0.5 0.08
	run lt forecast cls --json -f run.jsonl
	mid=$(jq '(.asymptote + .asymptote_interval[1]) / 2' <<<"$output")
	above=$(jq '.asymptote_interval[1] + 0.001' <<<"$output")
	run lt forecast cls --target "$mid" --json -f run.jsonl
	assert_success
	jq -e '.target.reach == "uncertain" and .target.episode == null' <<<"$output"
	run lt forecast cls --target "$above" --json -f run.jsonl
	jq -e '.target.reach == "not_reached"' <<<"$output"
	run lt forecast cls --target 0.89 --json -f run.jsonl
	# 0.89 the true curve passes at x = ln(0.5 / 0.03) / 0.08 = 35.17,
	# before the last point (x = 40)
	jq -e '.target.reach == "already_reached" and
	    (.target.episode - 34.17 | fabs) < 0.7' <<<"$output"
}

@test "forecast of a min task mirrors the max one, its direction from the tasks file" {
	curve run.jsonl acc 40 0.92 0.5 0.08
	curve run.jsonl loss 40 0.92 0.5 0.08 1
	# The tasks file beside the log says loss is lower-is-better
	# (lt-format(5)), as lt import writes it.
	echo '{"time":1795600000,"task":"loss","direction":"min"}' >run.tasks.jsonl
	run lt forecast acc --target 0.915 --json -f run.jsonl
	echo "$output" >max.json
	run lt forecast loss --target 0.085 --json -f run.jsonl
	assert_success
	echo "$output" >min.json
	jq -e '.direction == "min" and .status == "ok" and
	    .target.reach == "reached"' min.json
	# 1 - y rounds apart from y in the last bits only
	within "$(jq .asymptote min.json)" "$(jq '1 - .asymptote' max.json)" 1e-9
	within "$(jq .asymptote_interval[0] min.json)" \
	    "$(jq '1 - .asymptote_interval[1]' max.json)" 1e-9
	within "$(jq .parameters.b min.json)" "$(jq .parameters.b max.json)" 1e-7
	within "$(jq .parameters.c min.json)" "$(jq .parameters.c max.json)" 1e-7
	within "$(jq .target.episode min.json)" "$(jq .target.episode max.json)" 1e-6
	# Read the wrong way round, the loss is a curve getting worse.
	run lt forecast loss --mode max --json -f run.jsonl
	assert_failure 1
	jq -e '.status == "bad_parameters" and .asymptote == null' <<<"$output"
	run lt forecast loss --target 0.085 -f run.jsonl
	assert_line --regexp '^model +exp: y = a \+ b exp\(-c x\)$'
}

@test "forecast refuses too few points and a straight line, with exit 1 and no number" {
	curve run.jsonl cls 7 0.92 0.5 0.08
	run lt forecast cls --target 0.9 -f run.jsonl
	assert_failure 1
	assert_line --regexp '^forecast +none: 7 points; a forecast needs at least 8$'
	assert_line --regexp '^target 0\.9 +-$'
	run lt forecast cls --json -f run.jsonl
	assert_failure 1
	jq -e '.status == "too_few_points" and .asymptote == null and
	    .parameters == null and .model == null and
	    .reason == "7 points; a forecast needs at least 8"' <<<"$output"
	# A line, with noise: no saturation.
	awk 'BEGIN { for (i = 0; i < 30; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"lin\",\"performance_score\":%.17g,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + i, 0.3 + 0.01 * i + (i % 2 ? 0.002 : -0.002), i }' >>run.jsonl
	run lt forecast lin --json -f run.jsonl
	assert_failure 1
	jq -e '.status == "no_saturation" and .asymptote == null and
	    (.reason | startswith("no saturation: a straight line fits as well"))' <<<"$output"
	run lt forecast lin --tsv -f run.jsonl
	assert_failure 1
	assert_line --index 1 --regexp $'^lin\tmax\tepisode\t30\tno_saturation\t'
}

@test "forecast of points whose episodes do not move points to --x time" {
	awk 'BEGIN { for (i = 0; i < 20; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"z\",\"performance_score\":%.6f,\"learning_rate\":0.01,\"episode_count\":0,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + 60 * i, 0.9 - 0.5 * exp(-0.1 * (i + 1)) }' >run.jsonl
	run lt forecast z -f run.jsonl
	assert_failure 1
	assert_line --regexp '^forecast +none: the 20 points lie at fewer than 4 distinct x \(their episodes\); --x time fits them against time$'
	run lt forecast z --x time --json -f run.jsonl
	assert_success
	# exact to the 6 digits the scores were written with
	jq -e '(.asymptote - 0.9 | fabs) < 1e-5' <<<"$output"
}

@test "forecast --at predicts the curve there, with its band" {
	curve run.jsonl cls 40 0.92 0.5 0.08
	run lt forecast cls --at 99 --json -f run.jsonl
	assert_success
	echo "$output" >fc.json
	want=$(jq -r '.parameters | [.a, .b, .c] | @tsv' fc.json | awk '{
	    printf "%.17g", $1 - $2 * exp(-$3 * 100) }')
	within "$(jq .prediction.score fc.json)" "$want" 1e-12
	jq -e '.prediction.at == 99 and .prediction.interval[0] < .prediction.score and
	    .prediction.score < .prediction.interval[1] and .target == null' fc.json
	run lt forecast cls --at 99 -f run.jsonl
	assert_line --regexp '^at episode 99 +0\.9[0-9]+ \[0\.9[0-9]+, 0\.9[0-9]+\]$'
}

@test "forecast --x time fits seconds since the run began, and gives the episode too" {
	curve run.jsonl cls 40 0.92 0.5 0.08
	run lt forecast cls --x time --target 0.915 --json -f run.jsonl
	assert_success
	echo "$output" >fc.json
	# x = seconds since the first point plus the median interval (60 s):
	# the same curve as on episodes, c per second = c per episode / 60.
	jq -e '.x == "time" and .x_origin == 1795600800 - 60' fc.json
	run lt forecast cls --target 0.915 --json -f run.jsonl
	echo "$output" >ep.json
	within "$(jq .asymptote fc.json)" "$(jq .asymptote ep.json)" 1e-9
	within "$(jq .parameters.c fc.json)" "$(jq '.parameters.c / 60' ep.json)" 1e-7
	within "$(jq .target.episode fc.json)" "$(jq .target.episode ep.json)" 1e-7
	within "$(jq .target.timestamp fc.json)" "$(jq .target.timestamp ep.json)" 1e-12
	run lt forecast cls --x time --at 2026-11-25T12:00:00Z --json -f run.jsonl
	assert_success
	jq -e '.prediction.at == 1795608000' <<<"$output"
}

@test "forecast --metric fits another field, max unless told" {
	record_n run.jsonl 20
	run lt forecast cls --metric convergence_metric --json -f run.jsonl
	# 1 / i falls: read as max, it moves away from its asymptote
	assert_failure 1
	jq -e '.metric == "convergence_metric" and .direction == "max"' <<<"$output"
	run lt forecast cls --metric convergence_metric --mode min --json -f run.jsonl
	jq -e '.direction == "min" and .metric == "convergence_metric"' <<<"$output"
}

@test "forecast takes its task by -t, and the part of the log --since and --until say" {
	curve run.jsonl cls 40 0.92 0.5 0.08
	curve run.jsonl other 40 0.5 0.3 0.2
	run lt forecast -t cls --json -f run.jsonl
	assert_success
	jq -e '.task == "cls" and .n == 40' <<<"$output"
	# The first 10 minutes (episodes 0..10) and the last 10 (29..39).
	run lt forecast cls --until 2026-11-25T10:10:00Z --json -f run.jsonl
	jq -e '.n == 11' <<<"$output"
	run lt forecast cls --since 2026-11-25T10:29:00Z --json -f run.jsonl
	jq -e '.n == 11' <<<"$output"
	# A bad line is skipped with a warning, or is an error with --strict.
	printf '{"broken\n' >>run.jsonl
	curve run.jsonl cls 1 0.92 0.5 0.08
	run --separate-stderr lt forecast cls --json -f run.jsonl
	assert_success
	[[ $stderr == *'1 bad line skipped'* ]]
	run --separate-stderr lt forecast cls --strict -f run.jsonl
	assert_failure 2
	[[ $stderr == 'lt forecast: run.jsonl:81: '* ]]
}

@test "forecast reads standard input" {
	curve run.jsonl cls 40 0.92 0.5 0.08
	run lt forecast cls --json -f - <run.jsonl
	assert_success
	jq -e '.status == "ok" and .n == 40' <<<"$output"
}

@test "forecast rejects bad input with exit 2, a message, and every file as it was" {
	curve run.jsonl cls 40 0.92 0.5 0.08
	echo '{"time":1795600000,"task":"ordered","times":"order"}' >run.tasks.jsonl
	curve run.jsonl ordered 20 0.92 0.5 0.08
	before=$(checksum run.jsonl run.tasks.jsonl)
	run lt forecast cls --model linear -f run.jsonl
	assert_failure 2
	assert_line --index 0 'lt forecast: --model "linear" is not exp, power or auto'
	run lt forecast cls --mode up -f run.jsonl
	assert_failure 2
	assert_line --index 0 'lt forecast: --mode "up" is not max or min'
	run lt forecast cls --target high -f run.jsonl
	assert_failure 2
	assert_line --index 0 'lt forecast: --target "high" is not a number'
	run lt forecast cls --at -1 -f run.jsonl
	assert_failure 2
	assert_line --index 0 'lt forecast: --at "-1" is not an episode, a number >= 0'
	run lt forecast cls --at 10 --target 0.9 -f run.jsonl
	assert_failure 2
	assert_line --index 0 'lt forecast: --at and --target exclude each other'
	run lt forecast cls --x index -f run.jsonl
	assert_failure 2
	assert_line --index 0 'lt forecast: --x index is not a measure of progress; episode or time'
	run lt forecast -f run.jsonl
	assert_failure 2
	assert_line --index 0 'lt forecast: forecast takes exactly one TASK'
	run lt forecast cls ordered -f run.jsonl
	assert_failure 2
	run lt forecast nosuch -f run.jsonl
	assert_failure 2
	assert_output 'lt forecast: no events of task "nosuch"'
	run lt forecast cls --x time --at 2026-11-25T09:00:00Z -f run.jsonl
	assert_failure 2
	assert_output 'lt forecast: --at 1795597200 lies at or before the start of the run'
	run lt forecast ordered --x time -f run.jsonl
	assert_failure 2
	assert_output --partial 'lt forecast: task "ordered" has times that only keep their order'
	run lt forecast ordered --target 0.9 --json -f run.jsonl
	assert_success
	jq -e '.target.reach == "reached" and .target.episode > 19 and
	    .target.timestamp == null' <<<"$output"
	run lt forecast cls -f missing.jsonl
	assert_failure 2
	[ ! -e missing.jsonl ]
	[ "$(checksum run.jsonl run.tasks.jsonl)" = "$before" ]
}

@test "forecast --help prints the synopsis of the man page" {
	run lt forecast --help
	assert_success
	assert_line --index 0 'usage: lt forecast TASK [--x index|episode|time] [--at N | --target X]'
	run lt help forecast
	assert_success
}

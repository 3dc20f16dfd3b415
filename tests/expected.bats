#!/usr/bin/env bats
# Tests as data: every case of testdata/expected/cases (lt's arguments, the
# exit status, the file with the exact output) on the fixed logs of
# testdata/, compared with diff -u; then the numbers of some expected
# files worked out again with awk and jq from the logs.
#
# UPDATE_EXPECTED=1 bats tests/expected.bats writes each output over its
# expected file instead of comparing (statuses and standard error are
# still checked): review the diff before committing it.

load test_helper

EXPECTED=$TESTDATA/expected
UPDATE=${UPDATE_EXPECTED:-}

# The time the cases run at (2026-11-25T11:00:00Z), for report_timestamp,
# export_timestamp and goal show's "in 1h 0m".
NOW=1795604400

# cases: the list without comments and blank lines, a case a line.
cases() {
	grep -v -e '^#' -e '^[[:space:]]*$' "$EXPECTED/cases"
}

# copy_testdata: the logs and goals logs, into the working directory.
copy_testdata() {
	cp "$TESTDATA"/*.csv "$TESTDATA"/*.jsonl .
}

@test "every case prints its expected file, exits as listed and warns of nothing" {
	local file status args got failed=0 n=0
	copy_testdata
	before=$(checksum ./*.csv ./*.jsonl)
	while read -r file status args; do
		n=$((n + 1))
		eval "set -- $args"
		got=0
		SOURCE_DATE_EPOCH=$NOW "$LT" "$@" >out 2>err || got=$?
		if [ "$got" != "$status" ]; then
			echo "$file: lt $args: exit $got, not $status" >&3
			failed=$((failed + 1))
		fi
		if [ -s err ]; then
			echo "$file: lt $args: on standard error: $(cat err)" >&3
			failed=$((failed + 1))
		fi
		if [ -n "$UPDATE" ]; then
			cp out "$EXPECTED/$file"
		elif ! diff -u --label "expected/$file" --label "lt $args" \
		    "$EXPECTED/$file" out >&3 2>&1; then
			failed=$((failed + 1))
		fi
	done < <(cases)
	[ "$n" -ge 77 ] || fail "only $n cases read"
	[ "$(checksum ./*.csv ./*.jsonl)" = "$before" ] ||
	    fail "a case changed a log"
	[ "$failed" -eq 0 ] || fail "$failed of $n cases failed"
}

@test "every expected file is a case, and every case names a file" {
	run sh -c "ls '$EXPECTED' | grep -v -x -e cases -e README | sort"
	have=$output
	run sh -c "grep -v -e '^#' -e '^[[:space:]]*\$' '$EXPECTED/cases' |
	    awk '{ print \$1 }' | sort"
	assert_equal "$output" "$have"
	run sh -c "grep -v -e '^#' -e '^[[:space:]]*\$' '$EXPECTED/cases' |
	    awk '{ print \$1 }' | sort | uniq -d"
	assert_output ''
}

# The numbers, worked out again from the logs without lt.

# near GOT WANT [TOL]: |GOT - WANT| <= TOL * max(|GOT|, |WANT|) (TOL
# default 1e-9), or, with TOL given as "abs:X", <= X.
near() {
	awk -v g="$1" -v w="$2" -v t="${3:-1e-9}" 'BEGIN {
		d = g - w; if (d < 0) d = -d
		m = (g < 0 ? -g : g); if ((w < 0 ? -w : w) > m) m = (w < 0 ? -w : w)
		lim = t ~ /^abs:/ ? substr(t, 5) + 0 : t * m
		if (d > lim) { print "got " g ", want " w; exit 1 }
	}'
}

# near_all GOTS WANTS: near for each pair of tab-separated values.
near_all() {
	local i g w
	IFS=$'\t' read -r -a g <<<"$1"
	IFS=$'\t' read -r -a w <<<"$2"
	[ "${#g[@]}" -eq "${#w[@]}" ] || fail "got ${#g[@]} values, want ${#w[@]}"
	for i in "${!w[@]}"; do
		near "${g[$i]}" "${w[$i]}" || fail "value $((i + 1)) of: $1"
	done
}

# multi_tsv: testdata/multi.csv as TSV, without its header, read by
# Python's csv module: timestamp, task, score, lr, episode, convergence,
# metadata.
multi_tsv() {
	python3 -c 'import csv, sys
rows = csv.reader(open(sys.argv[1], newline=""))
next(rows)
for row in rows:
    print("\t".join(row))' "$TESTDATA/multi.csv"
}

# fit: least squares of "x y" lines: slope, intercept, r2, stderr of the
# slope, the mean of the last ten y, slope * n, tab-separated.
fit() {
	awk 'BEGIN { n = 0 }
	{ x[n] = $1; y[n] = $2; sx += $1; sy += $2; n++ }
	END {
		mx = sx / n; my = sy / n
		for (i = 0; i < n; i++) {
			sxx += (x[i] - mx) ^ 2; syy += (y[i] - my) ^ 2
			sxy += (x[i] - mx) * (y[i] - my)
		}
		b = sxy / sxx; a = my - b * mx
		for (i = 0; i < n; i++) ss += (y[i] - a - b * x[i]) ^ 2
		for (i = n - 10; i < n; i++) r += y[i]
		printf "%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", b, a,
		    1 - ss / syy, sqrt(ss / (n - 2) / sxx), r / 10, b * n
	}'
}

@test "expected trend.json is the least-squares line of each task's 24 scores" {
	for task in unet-train unet-val; do
		want=$(jq -r --arg t "$task" 'select(.task_type == $t) |
		    .performance_score' "$TESTDATA/brats2020-unet.jsonl" |
		    awk '{ print NR - 1, $1 }' | fit)
		got=$(jq -r --arg t "$task" '.[$t] | [.trend, .intercept,
		    .confidence, .stderr, .recent_avg, .improvement_rate] |
		    @tsv' "$EXPECTED/trend.json")
		near_all "$got" "$want"
		jq -e --arg t "$task" '.[$t] | .n == 24 and .p_value < 0.001 and
		    .direction == "improving"' "$EXPECTED/trend.json"
	done
	# in multi.csv, tiny has 4 points: the class's zeros
	jq -e '.tiny == {"trend": 0, "confidence": 0, "recent_avg": 0,
	    "improvement_rate": 0, "n": 4, "intercept": 0, "p_value": 1,
	    "stderr": 0, "direction": "insufficient_data"}' \
	    "$EXPECTED/trend-multi.json"
	# cls's val_loss against its episodes falls: improving for --mode min
	want=$(multi_tsv | awk -F '\t' '$2 == "cls" { print $5, $7 }' |
	    sed 's/{"val_loss":\([0-9.]*\),.*/\1/' | fit)
	got=$(jq -r '[.trend, .intercept, .confidence, .stderr, .recent_avg,
	    .improvement_rate] | @tsv' "$EXPECTED/trend-val-loss.json")
	near_all "$got" "$want"
}

@test "expected curves are the task's points, and the EMA TensorBoard's" {
	jq -e --slurpfile ev "$TESTDATA/brats2020-unet.jsonl" '
	    ($ev | map(select(.task_type == "unet-val"))) as $v |
	    .timestamps == ($v | map(.timestamp)) and
	    .scores == ($v | map(.performance_score))' "$EXPECTED/curve.json"
	# TensorBoard: last = last * w + (1 - w) * y, shown as
	# last / (1 - w^k) after k points; over all 24, the last 10 shown
	want=$(jq -r 'select(.task_type == "unet-train") | .performance_score' \
	    "$TESTDATA/brats2020-unet.jsonl" | awk -v w=0.6 '{
		last = last * w + (1 - w) * $1; k++
		s[k] = last / (1 - w ^ k) }
	    END { for (i = k - 9; i <= k; i++)
		printf "%s%.17g", (i > k - 9 ? "\t" : ""), s[i]; print "" }')
	got=$(jq -r '.smoothed | @tsv' "$EXPECTED/curve-smooth.json")
	near_all "$got" "$want"
}

@test "expected converge.json counts the events under 0.01, by task" {
	# total, then per task: count, mean metric, last time, first episode
	multi_tsv | awk -F '\t' '
	    { end = $1 }
	    $6 < 0.01 { n++; if (!first) first = $1; c[$2]++; s[$2] += $6
		last[$2] = $1; if (!(($2) in ep)) ep[$2] = $5 }
	    END { printf "%d\t%.17g\n", n, n / ((end - first) / 3600)
		for (t in c) printf "%s\t%d\t%.17g\t%s\t%s\n", t, c[t],
		    s[t] / c[t], last[t], ep[t] }' | sort >want
	jq -r '[.total_convergences, .convergence_rate] | @tsv' \
	    "$EXPECTED/converge.json" >got
	jq -r '.task_statistics | to_entries[] | [.key, .value.count,
	    .value.avg_convergence_metric, .value.last_convergence,
	    .value.first_convergence_episode] | @tsv' \
	    "$EXPECTED/converge.json" >>got
	sort -o got got
	[ "$(wc -l <want)" -eq 3 ] && [ "$(wc -l <got)" -eq 3 ]
	while IFS= read -r w && IFS= read -r g <&3; do
		near_all "$g" "$w"
	done <want 3<got
}

# overall LINES: the mean, population sd, min and max of column 3 (the
# score), the mean of column 4 (the rate) and the span of column 1 in
# hours, of multi_tsv's lines.
overall() {
	awk -F '\t' 'BEGIN { n = 0 }
	{ t[n] = $1; y[n] = $3; s += $3; l += $4; n++ }
	END {
		m = s / n; lo = hi = y[0]
		for (i = 0; i < n; i++) {
			q += (y[i] - m) ^ 2
			if (y[i] < lo) lo = y[i]; if (y[i] > hi) hi = y[i]
		}
		printf "%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", m,
		    sqrt(q / n), lo, hi, l / n, (t[n - 1] - t[0]) / 3600
	}'
}

@test "expected report.json and report-last.json have the log's moments" {
	for c in report:26 report-last:10; do
		f=${c%:*} n=${c#*:}
		want=$(multi_tsv | tail -n "$n" | overall)
		got=$(jq -r '[.overall_performance.average,
		    .overall_performance.std_deviation,
		    .overall_performance.min, .overall_performance.max,
		    .learning_dynamics.average_learning_rate,
		    .time_span_hours] | @tsv' "$EXPECTED/$f.json")
		near_all "$got" "$want"
		jq -e --argjson n "$n" '.total_learning_events == 26 and
		    .recent_events_analyzed == $n' "$EXPECTED/$f.json"
		# each task: events, mean and latest score in the window
		want=$(multi_tsv | tail -n "$n" | awk -F '\t' '
		    { if (!(($2) in c)) o[k++] = $2; c[$2]++; s[$2] += $3
		      l[$2] = $3 }
		    END { for (i = 0; i < k; i++)
			printf "%s\t%d\t%.17g\t%.17g\n", o[i], c[o[i]],
			    s[o[i]] / c[o[i]], l[o[i]] }')
		got=$(jq -r '.task_analysis | to_entries[] | [.key,
		    .value.event_count, .value.avg_performance,
		    .value.latest_score] | @tsv' "$EXPECTED/$f.json")
		[ "$(cut -f 1,2 <<<"$got")" = "$(cut -f 1,2 <<<"$want")" ]
		near_all "$(cut -f 3,4 <<<"$got" | tr '\n' '\t')" \
		    "$(cut -f 3,4 <<<"$want" | tr '\n' '\t')"
	done
}

@test "expected metrics.json is the end of the log" {
	# the last event, the mean of the last ten scores, the event count
	want=$(multi_tsv | awk -F '\t' '{ y[n++] = $3; last = $0 }
	    END { split(last, f, "\t")
		for (i = n - 10; i < n; i++) r += y[i]
		printf "%.17g\t%.17g\t%.17g\t%d\t%.17g\n", f[3], f[4], r / 10,
		    n, f[1] }')
	got=$(jq -r '[.current_performance, .current_learning_rate,
	    .recent_avg_performance, .total_learning_events, .last_update] |
	    @tsv' "$EXPECTED/metrics.json")
	near_all "$got" "$want"
	# acc80 and det are open (see the goals' test below)
	jq -e '.active_goals_count == 2' "$EXPECTED/metrics.json"
}

@test "expected goals follow the goals log and the event log" {
	# acc80: 0.6 at 10:00, 0.7 at 11:00, target 0.8: 87.5 % and 12:00
	jq -e '.goals[0] | .goal_id == "acc80" and
	    .target_performance == 0.8 and .current_performance == 0.7 and
	    (.completion_percentage - 87.5 | fabs) < 1e-12 and
	    .estimated_completion_time == 1795608000 and
	    .is_completed == false' "$EXPECTED/goal-summary.json"
	# loss: created at 09:00, 0.04 <= 0.05 at 10:30 (1795602600); val:
	# the first cls event with val_loss <= 0.25
	val=$(multi_tsv | awk -F '\t' '$2 == "cls" {
	    sub(/^\{"val_loss":/, "", $7); sub(/,.*/, "", $7)
	    if ($7 + 0 <= 0.25) { print $1; exit } }')
	[ "$val" = 1795602000 ]
	jq -e --argjson v "$val" '.goals[1].completion_time == 1795602600 and
	    .goals[2].completion_time == $v and .goals[2].baseline == 1.2 and
	    .completion_rate == 0.5 and .avg_completion_time ==
	    ((1795602600 - 1795597200) + ($v - 1795597200)) / 2' \
	    "$EXPECTED/goal-summary.json"
	# acc80 is not linked: its estimate is the line's
	jq -e '.goals[0].estimate == "line"' "$EXPECTED/goal-summary.json"
	# det follows det,v2, whose ten scores scatter about 0.41 without a
	# trend: no saturating curve converges on them, so there is no
	# forecast and no estimate (the straight line through them would
	# promise 0.6 for the next day)
	jq -e '.goals[3] | .estimated_completion_time == null and
	    .estimate == "unknown"' "$EXPECTED/goal-summary.json"
	jq -e '.status == "no_convergence"' "$EXPECTED/forecast-det.json"
}

@test "expected forecast.json is scipy's fit of unet-val, its residuals awk's" {
	# scipy.optimize.curve_fit of a - b exp(-c (episode + 1)) on the 24
	# points (tests/unit/test_forecast.c has the script)
	jq -e '.parameters as $p | .standard_errors as $s |
	    ($p.a / 0.4459761354860654 - 1 | fabs) < 1e-6 and
	    ($p.b / 0.0899134203992162 - 1 | fabs) < 1e-6 and
	    ($p.c / 0.21348136029257242 - 1 | fabs) < 1e-6 and
	    ($s.a / 0.0018192729033312655 - 1 | fabs) < 1e-6 and
	    ($s.c / 0.024409128371139524 - 1 | fabs) < 1e-6' \
	    "$EXPECTED/forecast.json"
	p=$(jq -r '.parameters | [.a, .b, .c] | @tsv' "$EXPECTED/forecast.json")
	want=$(jq -r 'select(.task_type == "unet-val") |
	    [.episode_count, .performance_score] | @tsv' \
	    "$TESTDATA/brats2020-unet.jsonl" | awk -v p="$p" '
	    BEGIN { split(p, q, "\t") }
	    { r = $2 - (q[1] - q[2] * exp(-q[3] * ($1 + 1))); s += r * r }
	    END { printf "%.17g\n", s }')
	near "$(jq .models.exp.rss "$EXPECTED/forecast.json")" "$want"
}

@test "expected exports hold the log as it is" {
	cmp "$EXPECTED/export.csv" "$TESTDATA/multi.csv"
	# each JSONL event has the CSV row's values
	multi_tsv | python3 -c 'import json, sys
for line in sys.stdin:
    t, task, s, r, e, c, m = line.rstrip("\n").split("\t")
    print(json.dumps({"timestamp": float(t), "task_type": task,
        "performance_score": float(s), "learning_rate": float(r),
        "episode_count": int(e), "convergence_metric": float(c),
        "metadata": json.loads(m)}))' >want.jsonl
	jq -e -n --slurpfile a want.jsonl --slurpfile b "$EXPECTED/export.jsonl" \
	    '$a == $b'
	jq -e -n --slurpfile a want.jsonl --slurpfile d "$EXPECTED/export.json" \
	    '$a == $d[0].learning_events and
	    ($d[0].convergence_history | length) == 5 and
	    $d[0].export_timestamp == 1795604400'
}

# seeds_last: each task of testdata/seeds.csv and the mean of its last ten
# scores, tab-separated, in the order the tasks come.
seeds_last() {
	awk -F, 'NR > 1 { if (!(($2) in n)) o[k++] = $2; y[$2, n[$2]++] = $3 }
	END { for (i = 0; i < k; i++) { t = o[i]; s = 0
		for (j = n[t] - 10; j < n[t]; j++) s += y[t, j]
		printf "%s\t%.17g\n", t, s / 10 } }' "$TESTDATA/seeds.csv"
}

@test "expected compare.json has the seeds' last-ten means, and Welch's t and df of them" {
	want=$(seeds_last | cut -f 2 | paste -sd '\t')
	got=$(jq -r '[.groups[].runs[].summary] | @tsv' "$EXPECTED/compare.json")
	near_all "$got" "$want"
	jq -e '(.groups | map(.name)) == ["base", "new"] and
	    [.groups[].runs[].task] == ["base/seed1", "base/seed2",
	    "base/seed3", "new/seed1", "new/seed2", "new/seed3"] and
	    .direction == "min" and .score_name == "val_loss" and
	    .groups[1].verdict == "better"' "$EXPECTED/compare.json"
	# each group's mean and sample sd; Welch's t = diff / se and the
	# Welch-Satterthwaite df
	want=$(seeds_last | awk -F '\t' '{ g = substr($1, 1, 3) == "new"
		x[g, n[g]++] = $2; s[g] += $2 }
	END { for (g = 0; g < 2; g++) { m[g] = s[g] / n[g]
		for (i = 0; i < n[g]; i++) q[g] += (x[g, i] - m[g]) ^ 2
		v[g] = q[g] / (n[g] - 1) / n[g] }
		printf "%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n",
		    m[0], sqrt(v[0] * n[0]), m[1], sqrt(v[1] * n[1]),
		    m[1] - m[0], (m[1] - m[0]) / sqrt(v[0] + v[1]),
		    (v[0] + v[1]) ^ 2 / (v[0] ^ 2 / (n[0] - 1) + v[1] ^ 2 / (n[1] - 1)) }')
	got=$(jq -r '[.groups[0].mean, .groups[0].sd, .groups[1].mean,
	    .groups[1].sd, .groups[1].diff, .groups[1].t, .groups[1].df] |
	    @tsv' "$EXPECTED/compare.json")
	near_all "$got" "$want"
	# three seeds each, every new below every base: U 0 (new's values
	# larger in no pair), and a certain improvement
	jq -e '.groups[1] | .u == 0 and .poi == 1' "$EXPECTED/compare.json"
}

@test "expected compare-curves.json has each group's mean and sd at each episode" {
	for g in base new; do
		want=$(awk -F, -v g="$g" 'NR > 1 && index($2, g "/") == 1 {
		    y[$5, n[$5]++] = $3; s[$5] += $3 }
		END { for (e = 1; e <= 12; e++) { m = s[e] / n[e]; q = 0
			for (i = 0; i < n[e]; i++) q += (y[e, i] - m) ^ 2
			printf "%s%.17g\t%.17g", (e > 1 ? "\t" : ""), m,
			    sqrt(q / (n[e] - 1)) }
			print "" }' "$TESTDATA/seeds.csv")
		got=$(jq -r --arg g "$g" '.groups[] | select(.name == $g) |
		    [.mean, .sd] | transpose | flatten | @tsv' \
		    "$EXPECTED/compare-curves.json")
		near_all "$got" "$want"
		jq -e --arg g "$g" '.groups[] | select(.name == $g) |
		    .episode == [range(1; 13)] and .n == [range(12) | 3]' \
		    "$EXPECTED/compare-curves.json"
	done
}

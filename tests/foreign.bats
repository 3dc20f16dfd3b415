#!/usr/bin/env bats
# A file that is not an lt log (a training framework's own log) given to
# a command that reads or appends to a log: status 2, one line naming
# what it looks like and the lt import that reads it, and every file as
# it was.

load test_helper

# The framework logs, under the names their frameworks give them, and
# what lt says each looks like.
setup_files() {
	cp "$FIXTURES/keras-csvlogger/brats2020-unet-training.log" training.log
	cp "$FIXTURES/yolo-results/yolov10s-edgeagent-results.csv" results.csv
	cp "$FIXTURES/detectron2-metrics-json/orbital-frcnn-nan-metrics.json" metrics.json
	cp "$FIXTURES/hf-trainer-state/lora-imdb-distilbert-trainer_state.json" trainer_state.json
	cp "$FIXTURES/lightning-csvlogger/ml-aos-v1/metrics.csv" metrics.csv
	cp "$FIXTURES/rl-monitor/sb3-bipedalwalker-ppo.monitor.csv" 0.monitor.csv
	cp "$FIXTURES/tensorboard/detectron2-orbital/events.out.tfevents.1630109529.DESKTOP-874IR8N.32352.0" events.out.tfevents.1
}

# expect FILE FORMAT WHAT: the one line of a refusal, in $output.
expect() {
	[ "${#lines[@]}" -eq 1 ]
	assert_output --partial "$1 looks like $3, not an lt log; import it with: lt import --from $2 $1"
}

while_refused() {
	setup_files
	before=$(checksum ./*)
	while read -r f fmt what; do
		run lt "$@" -f "$f"
		assert_failure 2
		expect "$f" "$fmt" "$what"
	done <<'EOF'
training.log keras a Keras CSVLogger log
results.csv yolo an Ultralytics results.csv
metrics.json detectron2 a detectron2 metrics.json
trainer_state.json hf a Hugging Face trainer_state.json
metrics.csv lightning a PyTorch Lightning CSVLogger metrics.csv
0.monitor.csv sb3 a Stable-Baselines3 log
events.out.tfevents.1 tensorboard a TensorBoard event file
EOF
	[ "$(checksum ./*)" = "$before" ]
}

@test "trend given a framework's log names it and the import that reads it" {
	while_refused trend
}

@test "report given a framework's log names it and the import that reads it" {
	while_refused report
}

@test "metrics, curve, converge, export and plot refuse a framework's log" {
	while_refused metrics
	while_refused curve x
	while_refused converge
	while_refused export
	while_refused plot --script
}

@test "record appends nothing to a framework's log" {
	while_refused record -t a -s 0.5 -r 0.1 -e 1 -c 0.1
	setup_files
	before=$(checksum metrics.json)
	run sh -c "printf '%s\n' '{\"task_type\":\"a\",\"performance_score\":0.5,\"learning_rate\":0.1,\"episode_count\":1,\"convergence_metric\":0.1}' | \"\$LT\" record --batch --no-sync -f metrics.json"
	assert_failure 2
	expect metrics.json detectron2 'a detectron2 metrics.json'
	[ "$(checksum metrics.json)" = "$before" ]
}

@test "goal writes no goals log beside a framework's log" {
	while_refused goal add g --target 1
	while_refused goal list
	[ ! -e training.goals.jsonl ]
	[ ! -e metrics.goals.jsonl ]
}

@test "compact leaves a framework's log as it was" {
	while_refused compact --max-history 1
}

@test "a file that is no log at all is named as such; an lt log beside it still reads" {
	printf 'hello\nworld\n' >notes.txt
	run lt report -f notes.txt
	assert_failure 2
	assert_output --partial 'notes.txt is not an lt log (no lt header or event in its first lines)'
	record_n run.jsonl 3
	run lt report -f run.jsonl
	assert_success
	: >empty.jsonl
	run lt report -f empty.jsonl --json
	assert_success
}

@test "what lt import appended reads as an lt log" {
	setup_files
	lt import --no-sync -f run.csv --task brats training.log 2>/dev/null
	run lt trend -f run.csv
	assert_success
	assert_output --partial 'brats '
}

#!/usr/bin/env bats
# lt import: the logs of training frameworks as events, on the real
# fixtures: one event per logged score value and only there, nothing
# lost without a word, the defaults of each format, each format's quirks,
# cross-checks between formats of one run, and bad input leaving the log
# untouched.  Expected numbers are counted from the sources with awk and
# jq in each test, or taken from fixtures/README.md where the source is
# binary (said so where it is).

load test_helper

imp() {
	lt import --no-sync -f run.jsonl "$@"
}

# q FILTER: the jq filter over the log's events, one output a line.
q() {
	jq -r "$1" run.jsonl
}

# crlf FILE: the file with its CRs dropped.
crlf() {
	tr -d '\r' <"$1"
}

@test "import --help prints the usage on stdout" {
	run lt import --help
	assert_success
	assert_line --index 0 'usage: lt import [--from FORMAT] [-f FILE] [--format csv|jsonl] [-t TASK]'
}

@test "import needs a source and refuses an unknown --from" {
	run lt import
	assert_failure 2
	assert_output --partial 'missing SOURCE'
	run lt import --from csv x
	assert_failure 2
	assert_output --partial '--from "csv"'
	run lt import --mode up x
	assert_failure 2
	assert_output --partial '--mode: direction "up" is not max or min'
}

@test "import with no option succeeds on every fixture but the one whose every loss is negative" {
	while read -r src; do
		rm -f run.jsonl
		run imp "$FIXTURES/$src"
		if [ "$src" = keras-csvlogger/ecg-negative-loss-training.log ]; then
			assert_failure 2
			[ ! -e run.jsonl ]
		else
			assert_success
			[ -s run.jsonl ]
		fi
	done <<'EOF'
keras-csvlogger/braincnn-old-acc-training.log
keras-csvlogger/brats2020-unet-training.log
keras-csvlogger/ecg-negative-loss-training.log
lightning-csvlogger/chem-mlp-v0
lightning-csvlogger/ml-aos-v1
lightning-csvlogger/opal-v2-v0
hf-trainer-state/lora-imdb-distilbert-trainer_state.json
hf-trainer-state/mt5-az-summarize-trainer_state.json
hf-trainer-state/whisper-small-hi-trainer_state.json
rl-monitor/sb3-bipedalwalker-ppo.monitor.csv
rl-monitor/baselines-deepcars-0.0.monitor.csv
rl-progress/sb3-ppo-flappybird-progress.csv
rl-progress/sb3-sac-her-progress.csv
rl-progress/baselines-ppo1-simple-progress.csv
rl-progress/baselines-deepq-deepcars-progress.csv
rl-seeds/hopper-ppo-seed0.monitor.csv
mlflow-filestore/yolov10-edgeagent
mlflow-filestore/simcard-yolo-4runs-dsstore
mlflow-filestore/packt-ch08-lightning-autolog
tensorboard/keras-tf2-ecg
tensorboard/lightning-lstm-textgen
tensorboard/sb3-sac-her
tensorboard/sb2-ppo1-tf1-graph
tensorboard/detectron2-orbital
yolo-results/yolov10s-edgeagent-results.csv
yolo-results/yolov5-pcb-padded-results.csv
yolo-results/yolov8-ppe-header-padded-results.csv
detectron2-metrics-json/medical-waste-frcnn-metrics.json
detectron2-metrics-json/orbital-frcnn-nan-metrics.json
detectron2-metrics-json/train-detectron2-maskrcnn-5rows-metrics.json
EOF
}

@test "import of a Keras CSVLogger file maps epoch, val_accuracy, loss and lr, row by row" {
	f=$FIXTURES/keras-csvlogger/brats2020-unet-training.log
	run imp "$f"
	assert_success
	assert_output --partial 'auto: reading it as keras'
	assert_output --partial 'brats2020-unet-training/val_accuracy: 24 new events'
	# The file's epoch, val_accuracy, lr and loss columns (1, 8, 5, 4).
	expect=$(crlf "$f" | awk -F, 'NR > 1 { print $1 "\t" $8 + 0 "\t" $5 + 0 "\t" $4 + 0 }')
	got=$(q '[.episode_count, .performance_score, .learning_rate, .convergence_metric] | @tsv' |
	    awk -F'\t' '{ print $1 "\t" $2 + 0 "\t" $3 + 0 "\t" $4 + 0 }')
	[ "$got" = "$expect" ]
	run q '.learning_rate'
	assert_line --index 23 1e-06
	run q '.metadata | keys | join(",")'
	assert_line --index 0 'accuracy,dice_coef,mean_io_u_5,precision,val_dice_coef,val_loss,val_mean_io_u_5,val_precision'
	run q '.task_type'
	assert_line --index 0 brats2020-unet-training/val_accuracy
}

@test "import refuses a diverging run whose losses are all negative, in one message listing why and the columns" {
	run imp "$FIXTURES/keras-csvlogger/ecg-negative-loss-training.log"
	assert_failure 2
	assert_output --partial '--convergence COL is needed for "val_loss"'
	assert_output --partial '"loss": negative values (down to -65066624)'
	assert_output --partial '"val_loss": negative values (down to -134061704)'
	# The columns, each with its number of values (70 rows, by awk).
	n=$(awk 'END { print NR - 1 }' "$FIXTURES/keras-csvlogger/ecg-negative-loss-training.log")
	assert_output --regexp "ecg-negative-loss-training +loss +$n "
	assert_output --regexp "ecg-negative-loss-training +lr +$n .*learning_rate"
	assert_output --partial 'nothing imported'
	[ ! -e run.jsonl ]
}

@test "import keeps the large negative scores of a diverging run when told the convergence column" {
	f=$FIXTURES/keras-csvlogger/ecg-negative-loss-training.log
	run imp --convergence lr "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 70 ]
	run q '.performance_score'
	assert_line --index 69 -134061704
	[ "$(awk -F, 'END { print $4 + 0 }' "$f")" = -134061704 ]
	run imp --convergence loss --task x "$f"
	assert_failure 2
	assert_output --partial 'epoch 0: convergence_metric -33834.9765625 is negative'
}

@test "import of an old Keras log without lr says learning_rate is 0 and how to give one" {
	f=$FIXTURES/keras-csvlogger/braincnn-old-acc-training.log
	run imp "$f"
	assert_success
	assert_output --partial 'no learning rate is logged: learning_rate 0 (--lr COL or --lr-value X gives one)'
	n=$(crlf "$f" | awk -F, '$2 == "0.92483332578688859" { print NR - 2 }')
	run q '.performance_score'
	assert_line --index "$n" 0.9248333257868886
	run q '.learning_rate'
	assert_line --index 0 0
}

@test "the README's Lightning example imports one event per logged val_rmse, never a copied one" {
	d=$FIXTURES/lightning-csvlogger/ml-aos-v1
	run lt import --no-sync --from lightning "$d" --score val_rmse --lr-value 1e-3 -f run.jsonl
	assert_success
	# Each event is a row that logged val_rmse (column 5), with its step
	# and value; the convergence metric (train_loss, column 2) is the one
	# logged last at or before that step.
	expect=$(crlf "$d/metrics.csv" | awk -F, 'NR > 1 && $2 != "" { loss = $2 }
	    NR > 1 && $5 != "" { print $4 "\t" $5 + 0 "\t" loss + 0 }')
	got=$(q '[.episode_count, .performance_score, .convergence_metric] | @tsv' |
	    awk -F'\t' '{ print $1 "\t" $2 + 0 "\t" $3 + 0 }')
	[ "$got" = "$expect" ]
	[ "$(wc -l <run.jsonl)" -eq "$(crlf "$d/metrics.csv" | awk -F, 'NR > 1 && $5 != ""' | wc -l)" ]
	[ "$(wc -l <run.jsonl)" -eq 100 ]
	# What the events do not hold is named, with the option for it.
	assert_output --partial '300 of 302 values of "train_rmse" are at steps where no score was logged; not imported (--score train_rmse imports them)'
	run q '.learning_rate'
	assert_line --index 0 0.001
}

@test "import --score twice makes a task of each column, train and validation side by side" {
	d=$FIXTURES/lightning-csvlogger/ml-aos-v1
	run imp "$d" --score val_rmse --score train_rmse
	assert_success
	run q '.task_type'
	[ "$(printf '%s\n' "$output" | grep -c '^ml-aos-v1/val_rmse$')" -eq 100 ]
	[ "$(printf '%s\n' "$output" | grep -c '^ml-aos-v1/train_rmse$')" -eq \
	    "$(crlf "$d/metrics.csv" | awk -F, 'NR > 1 && $1 != ""' | wc -l)" ]
	refute_output --partial 'values of "train_rmse"'
	# In one time order: a step's events before the next step's.
	run q '.timestamp'
	[ "$output" = "$(printf '%s\n' "$output" | sort -n)" ]
}

@test "import of Lightning's separate learning-rate rows carries the latest rate to each validation step" {
	d=$FIXTURES/lightning-csvlogger/opal-v2-v0
	run imp "$d"
	assert_success
	refute_output --partial 'skip'
	# lr-Adam (column 2) as logged last at or before each val step
	# (column 5), whose value is the score.
	expect=$(crlf "$d/metrics.csv" | awk -F, 'NR > 1 && $2 != "" { lr = $2 }
	    NR > 1 && $5 != "" { print $3 "\t" $5 + 0 "\t" lr + 0 }')
	got=$(q '[.episode_count, .performance_score, .learning_rate] | @tsv' |
	    awk -F'\t' '{ print $1 "\t" $2 + 0 "\t" $3 + 0 }')
	[ "$got" = "$expect" ]
	[ "$(wc -l <run.jsonl)" -eq 8 ]
	run q '.task_type'
	assert_line --index 0 opal-v2-v0/val/rmse_loss
}

@test "import of Lightning column names with spaces takes the learning rate from hparams.yaml" {
	d=$FIXTURES/lightning-csvlogger/chem-mlp-v0
	run imp "$d"
	assert_success
	assert_output --partial 'convergence_metric from "Valid MSE"'
	assert_output --partial 'refused "Train loss": first logged at step 49, after the first "Valid MSE" at 0'
	[ "$(wc -l <run.jsonl)" -eq "$(awk -F, 'NR > 1 && $3 != ""' "$d/metrics.csv" | wc -l)" ]
	run q '.learning_rate'
	assert_line --index 0 "$(awk '/^lr:/ { print $2 }' "$d/hparams.yaml")"
	# The run's hyperparameters go with the first event only.
	run q '.metadata.hparams | length'
	assert_line --index 0 "$(grep -c '^[a-z_]*:' "$d/hparams.yaml")"
	assert_line --index 1 0
	run jq -r 'select(.episode_count == 49) | .metadata["Train loss"]' run.jsonl
	assert_output "$(awk -F, '$5 == 49 && $2 != "" { print $2 }' "$d/metrics.csv")"
}

@test "import of a trainer_state.json makes an event of each eval entry, with the train loss of its step" {
	f=$FIXTURES/hf-trainer-state/mt5-az-summarize-trainer_state.json
	run imp "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq "$(jq '[.log_history[] | select(.eval_rouge1)] | length' "$f")" ]
	expect=$(jq -r '.log_history | map(select(.loss)) as $t | .[] | select(.eval_rouge1) |
	    . as $e | [.step, .eval_rouge1, ($t | map(select(.step <= $e.step)) | last | .loss)] | @tsv' "$f")
	[ "$(q '[.episode_count, .performance_score, .convergence_metric] | @tsv')" = "$expect" ]
	run q '.metadata.trainer_state.max_steps'
	assert_line --index 0 9411
	assert_line --index 1 null
}

@test "import of a trainer_state.json follows eval_wer and merges the training summary into its step" {
	f=$FIXTURES/hf-trainer-state/whisper-small-hi-trainer_state.json
	run imp "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 5 ]
	run q '.task_type'
	assert_line --index 0 whisper-small-hi-trainer_state/eval_wer
	last=$(jq '.log_history[-1].step' "$f")
	run jq -r "select(.episode_count == $last) | .metadata.train_loss" run.jsonl
	assert_output "$(jq -r '.log_history[-1].train_loss' "$f")"
}

@test "import reads both monitor.csv first-line styles, dates episodes from t_start and keeps env_id" {
	for f in sb3-bipedalwalker-ppo baselines-deepcars-0.0; do
		rm -f run.jsonl
		src=$FIXTURES/rl-monitor/$f.monitor.csv
		run imp "$src"
		assert_success
		[ "$(wc -l <run.jsonl)" -eq "$(awk 'END { print NR - 2 }' "$src")" ]
		t0=$(head -1 "$src" | sed 's/.*"t_start": *\([0-9.]*\).*/\1/')
		expect=$(awk -F, -v t0="$t0" 'NR > 2 { printf "%d\t%s\t%.3f\n", NR - 2, $1 + 0, t0 + $3 }' "$src")
		got=$(q '[.episode_count, .performance_score, .timestamp] | @tsv' |
		    awk -F'\t' '{ printf "%d\t%s\t%.3f\n", $1, $2 + 0, $3 }')
		[ "$got" = "$expect" ]
		run q '.metadata.monitor.env_id'
		assert_line --index 0 "$(head -1 "$src" | sed 's/.*"env_id": *"\([^"]*\)".*/\1/')"
		assert_line --index 1 null
	done
}

@test "import of Stable-Baselines progress.csv files makes an event of each row with a reward" {
	f=$FIXTURES/rl-progress/baselines-deepq-deepcars-progress.csv
	run imp "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 894 ]
	run q '[.episode_count, .performance_score, .metadata.episodes] | @tsv'
	assert_line --index 893 "$(awk -F, 'END { print $4 "\t" $3 "\t" $2 }' "$f")"
	f=$FIXTURES/rl-progress/sb3-sac-her-progress.csv
	rm run.jsonl
	run imp "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq "$(awk -F, 'NR > 1 && $1 != ""' "$f" | wc -l)" ]
	# The 6 train-only rows are named, not dropped in silence.
	assert_output --partial '6 of 73 values of each of "train/critic_loss", "train/ent_coef", "train/alpha_loss", "train/actor_loss"'
}

@test "import of a progress.csv whose first row has no train values imports that row too" {
	f=$FIXTURES/rl-progress/sb3-ppo-flappybird-progress.csv
	run imp "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 48 ]
	run q '[.episode_count, .learning_rate] | @tsv'
	assert_line --index 0 "1024	0"
	assert_line --index 1 "$(awk -F, 'NR == 3 { print $4 "\t" $10 }' "$f")"
}

@test "import --columns lists each run's columns and values and imports nothing" {
	d=$FIXTURES/lightning-csvlogger/ml-aos-v1
	run lt import --columns "$d"
	assert_success
	assert_line --regexp '^run +column +values +non-finite +first +last +maps to$'
	# val_rmse is column 5, train_loss 2, the step 4: count, first, last.
	v=$(crlf "$d/metrics.csv" | awk -F, 'NR > 1 && $5 != "" { n++; if (!f) f = $4; l = $4 } END { print n " +0 +" f " +" l }')
	t=$(crlf "$d/metrics.csv" | awk -F, 'NR > 1 && $2 != "" { n++; if (!f) f = $4; l = $4 } END { print n " +0 +" f " +" l }')
	assert_line --regexp "^ml-aos-v1 +val_rmse +$v +score of ml-aos-v1/val_rmse\$"
	assert_line --regexp "^ml-aos-v1 +train_loss +$t +convergence_metric\$"
	[ ! -e lt.jsonl ]
}

@test "import of an mlruns tree makes a task of each run and keeps a metric logged twice at its step" {
	d=$FIXTURES/mlflow-filestore/simcard-yolo-4runs-dsstore/mlruns/662197954743695805
	run imp "$FIXTURES/mlflow-filestore/simcard-yolo-4runs-dsstore"
	assert_success
	for r in "$d"/*/; do
		name=$(awk '/^run_name:/ { print $2 }' "$r/meta.yaml")
		[ "$(grep -c "\"task_type\":\"$name/metrics/mAP50-95B\"" run.jsonl)" -eq \
		    "$(wc -l <"$r/metrics/metrics/mAP50-95B")" ]
	done
	# train4 re-logs epoch 99: both values, in the order logged.
	r=$d/215b558fddfe4dd8b960ddad171271b2
	run jq -r 'select(.task_type == "train4/metrics/mAP50-95B" and .episode_count == 99) | .performance_score' run.jsonl
	[ "$output" = "$(awk '$3 == 99 { print $2 }' "$r/metrics/metrics/mAP50-95B")" ]
	# Params and tags go with each task's first event.
	run jq -r 'select(.task_type == "train4/metrics/mAP50-95B") | .metadata.params.epochs' run.jsonl
	assert_line --index 0 "$(cat "$r/params/epochs")"
	assert_line --index 1 null
	run jq -r 'select(.task_type == "train4/metrics/mAP50-95B") | .metadata.tags["mlflow.runName"]' run.jsonl
	assert_line --index 0 "$(cat "$r/tags/mlflow.runName")"
}

@test "import of an MLflow run rebuilds nested metric names and dates steps in milliseconds" {
	d=$FIXTURES/mlflow-filestore/yolov10-edgeagent/mlruns/838687865351777662/9665305b94f0475f9d26b1470870a0b8
	run imp "$FIXTURES/mlflow-filestore/yolov10-edgeagent"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq "$(wc -l <"$d/metrics/metrics/mAP50-95B")" ]
	run jq -r 'select(.episode_count == 98) | [.metadata["metrics/mAP50B"], .timestamp * 1000] | @tsv' run.jsonl
	assert_output "$(awk '$3 == 98 { print $2 "\t" $1 }' "$d/metrics/metrics/mAP50B")"
	run q '.task_type'
	assert_line --index 0 yolov10s_ca_final/metrics/mAP50-95B
}

@test "import of the Packt MLflow run with the old meta.yaml is named by its run id" {
	run imp "$FIXTURES/mlflow-filestore/packt-ch08-lightning-autolog/mlruns"
	assert_success
	run q '.task_type'
	assert_line --index 0 d01fc81e11e842f5b9556ae04136c0d3/val_f1
	run q '.learning_rate'
	assert_line --index 0 "$(cat "$FIXTURES"/mlflow-filestore/packt-ch08-lightning-autolog/mlruns/1/*/params/lr)"
}

@test "YOLO results.csv and the same run in MLflow give the same metrics per epoch" {
	lt import --no-sync -f csv.jsonl "$FIXTURES/yolo-results/yolov10s-edgeagent-results.csv"
	lt import --no-sync -f ml.jsonl "$FIXTURES/mlflow-filestore/yolov10-edgeagent"
	# results.csv epochs are 1-based, MLflow steps 0-based; MLflow
	# re-logs the last epoch after the final validation, so the
	# cross-check is on the first events of each step.
	jq -r '[.episode_count - 1, .performance_score, .convergence_metric, .learning_rate, .metadata["metrics/mAP50(B)"]] | @tsv' csv.jsonl >a
	jq -r '[.episode_count, .performance_score, .convergence_metric, .learning_rate, .metadata["metrics/mAP50B"]] | @tsv' ml.jsonl | sed '$d' >b
	[ "$(wc -l <a)" -eq 100 ]
	[ "$(wc -l <b)" -eq 100 ]
	# results.csv rounds to 5 significant digits.
	run awk -F'\t' '{ for (i = 1; i <= 5; i++) { d = $i - $(i + 5); if (d < 0) d = -d; if (d > 5e-6 * ($i < 0 ? -$i : $i) + 1e-9 && d > 6e-6) { print NR, i, $i, $(i + 5); bad = 1 } } } END { exit bad }' <(paste a b)
	assert_success
}

@test "import of a TensorBoard file keeps the points of steps that go back, in file order" {
	# fixtures/README.md: 4,229 episode_reward points; the loss tags have
	# 28 points each at steps 0, 1024, 2048, 3072, 1024, 2048, ...
	run imp "$FIXTURES/tensorboard/sb2-ppo1-tf1-graph"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 4229 ]
	rm run.jsonl
	run imp --score loss/loss "$FIXTURES/tensorboard/sb2-ppo1-tf1-graph"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 28 ]
	run q '.episode_count'
	[ "$(printf '%s\n' "${lines[@]}" | head -6 | tr '\n' ' ')" = "0 1024 2048 3072 1024 2048 " ]
}

@test "import of SB3's event file keeps its non-monotonic train steps apart from the rollout ones" {
	run imp "$FIXTURES/tensorboard/sb3-sac-her"
	assert_success
	# fixtures/README.md: 83 rollout/ep_rew_mean points.
	[ "$(wc -l <run.jsonl)" -eq 83 ]
	run q '.episode_count'
	[ "$(printf '%s\n' "$output" | sort -n | uniq | wc -l)" -eq 83 ]
}

@test "import of a Lightning event file with hparams.yaml beside it" {
	d=$FIXTURES/tensorboard/lightning-lstm-textgen/version_0
	run imp "$d"
	assert_success
	# fixtures/README.md: 29 val_loss points.
	[ "$(wc -l <run.jsonl)" -eq 29 ]
	run q '.task_type'
	assert_line --index 0 version_0/val_loss
	run q '.learning_rate'
	assert_line --index 0 "$(awk '/^lr:/ { print $2 }' "$d/hparams.yaml")"
	run q '.metadata.hparams.num_layers'
	assert_line --index 0 "$(awk '/^num_layers:/ { print $2 }' "$d/hparams.yaml")"
}

@test "import reports a header-only event file as a run without values" {
	run imp "$FIXTURES/tensorboard/sb3-sac-her/events.out.tfevents.1745670089.DESKTOP-OD0P7ID.39348.0"
	assert_success
	assert_output --partial 'has no values; nothing imported'
	[ ! -s run.jsonl ]
}

@test "Keras training.log and its TF2 event files give the same losses per epoch" {
	d=$FIXTURES/tensorboard/keras-tf2-ecg
	lt import --no-sync -f csv.jsonl --score loss "$d/training.log"
	lt import --no-sync -f tb.jsonl "$d/train"
	a=$(jq -r '[.episode_count, .performance_score] | @tsv' csv.jsonl)
	b=$(jq -r '[.episode_count, .performance_score] | @tsv' tb.jsonl)
	[ "$(printf '%s\n' "$a" | wc -l)" -eq 16 ]
	# The event file holds float32: equal to 7 significant digits.
	run awk -F'\t' '$1 != $3 { bad = 1 } { d = $2 - $4; if (d < 0) d = -d; if (d > 1e-6 * $2) bad = 1 } END { exit bad }' <(paste <(echo "$a") <(echo "$b"))
	assert_success
}

@test "import of a detectron2 metrics.json names its NaN values and follows bbox/AP" {
	f=$FIXTURES/detectron2-metrics-json/orbital-frcnn-nan-metrics.json
	run imp "$f"
	assert_success
	assert_output --partial '3 values of "bbox/APm" are NaN, infinite or not text; not imported'
	[ "$(wc -l <run.jsonl)" -eq "$(grep -c '"bbox/AP":' "$f")" ]
	run q '.metadata | has("bbox/APm")'
	assert_line --index 0 false
	run q '.convergence_metric'
	assert_line --index 0 "$(grep '"bbox/AP":' "$f" | head -1 | sed 's/.*"total_loss": \([0-9.e-]*\).*/\1/')"
}

@test "import of detectron2 runs appended to one metrics.json keeps every point, in file order" {
	cat "$FIXTURES/detectron2-metrics-json/train-detectron2-maskrcnn-5rows-metrics.json" \
	    "$FIXTURES/detectron2-metrics-json/medical-waste-frcnn-metrics.json" >metrics.json
	run imp metrics.json
	assert_success
	[ "$(wc -l <run.jsonl)" -eq "$(wc -l <metrics.json)" ]
	[ "$(q .episode_count)" = "$(jq -r .iteration metrics.json)" ]
	[ "$(q .performance_score)" = "$(jq -r '."fast_rcnn/cls_accuracy"' metrics.json)" ]
}

@test "detectron2 metrics.json and its event file give the same total_loss per iteration" {
	lt import --no-sync -f js.jsonl --score total_loss "$FIXTURES/detectron2-metrics-json/orbital-frcnn-nan-metrics.json"
	lt import --no-sync -f tb.jsonl --score total_loss "$FIXTURES/tensorboard/detectron2-orbital"
	jq -r '[.episode_count, .performance_score] | @tsv' js.jsonl >a
	jq -r '[.episode_count, .performance_score] | @tsv' tb.jsonl >b
	[ "$(wc -l <b)" -eq 75 ]
	[ "$(cut -f1 a)" = "$(cut -f1 b)" ]
	run awk -F'\t' '{ d = $2 - $4; if (d < 0) d = -d; if (d > 1e-6 * $2) bad = 1 } END { exit bad }' <(paste a b)
	assert_success
}

@test "import of YOLOv5's space-padded results.csv with a ':' column" {
	f=$FIXTURES/yolo-results/yolov5-pcb-padded-results.csv
	run imp "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 70 ]
	run q '[.episode_count, .performance_score, .learning_rate] | @tsv'
	assert_line --index 69 "$(crlf "$f" | awk -F, 'END { gsub(/ /, ""); split($0, a, ","); print a[1] "\t" a[8] "\t" a[12] }')"
}

@test "import of YOLOv8 results.csv with only the header padded" {
	run imp --from auto "$FIXTURES/yolo-results/yolov8-ppe-header-padded-results.csv"
	assert_success
	assert_output --partial 'auto: reading it as yolo'
	run q '.learning_rate'
	assert_line --index 0 0.070096
}

@test "import a second time adds nothing and says so; the log stays byte for byte" {
	f=$FIXTURES/keras-csvlogger/brats2020-unet-training.log
	imp "$f" 2>/dev/null
	before=$(checksum run.jsonl)
	run imp "$f"
	assert_success
	assert_output --partial 'brats2020-unet-training/val_accuracy: 0 new events, 24 already in the log'
	[ "$(checksum run.jsonl)" = "$before" ]
	run imp "$FIXTURES/mlflow-filestore/simcard-yolo-4runs-dsstore"
	before=$(checksum run.jsonl)
	run imp "$FIXTURES/mlflow-filestore/simcard-yolo-4runs-dsstore"
	assert_output --partial 'train4/metrics/mAP50-95B: 0 new events, 101 already in the log'
	[ "$(checksum run.jsonl)" = "$before" ]
}

@test "import of a file grown by appended rows adds exactly the new rows, after the old ones" {
	f=$FIXTURES/keras-csvlogger/brats2020-unet-training.log
	head -11 "$f" >grow.log
	run imp grow.log
	assert_output --partial 'grow/val_accuracy: 10 new events'
	cp "$f" grow.log
	run imp grow.log
	assert_output --partial 'grow/val_accuracy: 14 new events, 10 already in the log'
	[ "$(q .episode_count | tr '\n' ' ')" = "$(seq 0 23 | tr '\n' ' ')" ]
	run q .timestamp
	[ "$output" = "$(printf '%s\n' "$output" | sort -n)" ]
	[ "$(printf '%s\n' "$output" | sort -u | wc -l)" -eq 24 ]
	head -3 "$FIXTURES/detectron2-metrics-json/medical-waste-frcnn-metrics.json" >metrics.json
	run imp metrics.json
	cat "$FIXTURES/detectron2-metrics-json/medical-waste-frcnn-metrics.json" >metrics.json
	run imp metrics.json
	assert_output --partial '197 new events, 3 already in the log'
}

@test "import leaves an unfinished last line for the next import" {
	f=$FIXTURES/keras-csvlogger/brats2020-unet-training.log
	head -5 "$f" >part.log
	sed -n 6p "$f" | head -c 30 >>part.log
	run imp part.log
	assert_success
	assert_output --partial 'its last record is not finished'
	[ "$(wc -l <run.jsonl)" -eq 4 ]
	head -6 "$f" >part.log
	run imp part.log
	assert_output --partial '1 new event, 4 already in the log'
	[ "$(q .performance_score | sed -n 5p)" = "$(crlf "$f" | awk -F, 'NR == 6 { print $8 }')" ]
}

@test "import says when the log holds other values at a source's steps" {
	f=$FIXTURES/keras-csvlogger/brats2020-unet-training.log
	cp "$f" train.log
	imp train.log 2>/dev/null
	cp "$FIXTURES/keras-csvlogger/braincnn-old-acc-training.log" train.log
	run imp --score acc --task train/val_accuracy train.log
	assert_success
	assert_output --partial 'points at steps the log holds with other values were not imported'
}

@test "import --follow imports each row a concurrent writer appends, once, and stops cleanly on SIGTERM" {
	f=$FIXTURES/keras-csvlogger/brats2020-unet-training.log
	head -1 "$f" >live.log
	"$LT" import --follow --no-sync -f run.jsonl live.log 2>follow.err 3>&- &
	pid=$!
	for i in $(seq 2 25); do
		sed -n "${i}p" "$f" >>live.log
		sleep 0.05
	done
	for _ in $(seq 100); do
		[ "$(wc -l <run.jsonl 2>/dev/null || echo 0)" -ge 24 ] && break
		sleep 0.1
	done
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	[ "$status" -eq 0 ]
	[ "$(q .episode_count | tr '\n' ' ')" = "$(seq 0 23 | tr '\n' ' ')" ]
	[ "$(tail -c 1 run.jsonl | od -An -c | tr -d ' ')" = '\n' ]
}

@test "import refuses a file of another format than --from says and leaves the log untouched" {
	record_n run.jsonl 3
	before=$(checksum run.jsonl)
	run imp --from hf "$FIXTURES/yolo-results/yolov10s-edgeagent-results.csv"
	assert_failure 2
	assert_output --partial 'yolov10s-edgeagent-results.csv:1:'
	run imp --from keras "$FIXTURES/tensorboard/detectron2-orbital/events.out.tfevents.1630109529.DESKTOP-874IR8N.32352.0"
	assert_failure 2
	assert_output --partial 'not a CSV file'
	run imp --from tensorboard "$FIXTURES/keras-csvlogger/brats2020-unet-training.log"
	assert_failure 2
	assert_output --partial 'record at byte 0'
	run imp --from detectron2 "$FIXTURES/hf-trainer-state/lora-imdb-distilbert-trainer_state.json"
	assert_failure 2
	assert_output --partial 'trainer_state.json:1:'
	[ "$(checksum run.jsonl)" = "$before" ]
}

@test "import of an event file that ends inside a record imports what came before it" {
	head -c 30000 "$FIXTURES/tensorboard/detectron2-orbital/events.out.tfevents.1630109529.DESKTOP-874IR8N.32352.0" >events.out.tfevents.1.x
	run imp --score total_loss events.out.tfevents.1.x
	assert_success
	assert_output --partial 'its last record is not finished'
	[ "$(wc -l <run.jsonl)" -gt 2 ]
}

@test "import refuses an empty file, a directory without runs and a missing column" {
	record_n run.jsonl 2
	before=$(checksum run.jsonl)
	: >empty.csv
	run imp --from keras empty.csv
	assert_failure 2
	assert_output --partial 'empty.csv: empty file'
	run imp empty.csv
	assert_failure 2
	mkdir nothing
	run imp nothing
	assert_failure 2
	assert_output --partial 'nothing: no known runs in this directory'
	run imp --score 'metrics/nope' "$FIXTURES/yolo-results/yolov10s-edgeagent-results.csv"
	assert_failure 2
	assert_output --partial 'no column "metrics/nope" (--score)'
	assert_output --regexp 'yolov10s-edgeagent-results +metrics/mAP50\(B\) +100 '
	[ "$(checksum run.jsonl)" = "$before" ]
}

@test "import of a convergence column logged later than the score needs --skip-invalid to skip the first points" {
	f=$FIXTURES/rl-progress/sb3-ppo-flappybird-progress.csv
	run imp --convergence train/loss "$f"
	assert_failure 2
	assert_output --partial 'progress.csv:2: row 1: no value of "train/loss" logged yet'
	[ ! -e run.jsonl ]
	run imp --convergence train/loss --skip-invalid "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 47 ]
}

@test "import auto recognises each format and says which" {
	run imp "$FIXTURES/detectron2-metrics-json/medical-waste-frcnn-metrics.json"
	assert_output --partial 'auto: reading it as detectron2'
	run imp "$FIXTURES/hf-trainer-state/lora-imdb-distilbert-trainer_state.json"
	assert_output --partial 'auto: reading it as hf'
	run imp "$FIXTURES/lightning-csvlogger/chem-mlp-v0/metrics.csv"
	assert_output --partial 'auto: reading it as lightning'
	run imp "$FIXTURES/keras-csvlogger/brats2020-unet-training.log"
	assert_output --partial 'auto: reading it as keras'
	run imp "$FIXTURES/rl-monitor/sb3-bipedalwalker-ppo.monitor.csv"
	assert_output --partial 'auto: reading it as sb3'
	run imp "$FIXTURES/tensorboard/sb3-sac-her"
	assert_output --partial 'auto: reading it as tensorboard'
	run imp "$FIXTURES/mlflow-filestore/yolov10-edgeagent"
	assert_output --partial 'auto: reading it as mlflow'
}

@test "import gives sources without times one second a row, the last at the file's modification time" {
	cp "$FIXTURES/keras-csvlogger/brats2020-unet-training.log" t.log
	touch -d @1795600800 t.log
	run imp t.log
	assert_success
	run q '.timestamp'
	assert_line --index 23 1795600800
	assert_line --index 0 1795600777
}

@test "import --task names the task, and with several runs or scores adds their names" {
	run imp --task brats "$FIXTURES/keras-csvlogger/brats2020-unet-training.log"
	assert_success
	run q '.task_type'
	assert_line --index 0 brats
	rm run.jsonl
	run imp --task yolo "$FIXTURES/mlflow-filestore/simcard-yolo-4runs-dsstore"
	run q '.task_type'
	assert_line yolo/train
	assert_line yolo/train4
	rm run.jsonl
	run imp --task aos --score val_rmse --score val_loss "$FIXTURES/lightning-csvlogger/ml-aos-v1"
	run q '.task_type'
	assert_line aos/val_rmse
	assert_line aos/val_loss
}

@test "import writes a CSV log" {
	run lt import --no-sync -f run.csv "$FIXTURES/yolo-results/yolov8-ppe-header-padded-results.csv"
	assert_success
	[ "$(wc -l <run.csv)" -eq 11 ]
	run head -1 run.csv
	assert_output 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata'
}

@test "import keeps each task's score name and direction, and marks the times of a source without times" {
	run imp "$FIXTURES/lightning-csvlogger/ml-aos-v1" "$FIXTURES/rl-monitor/sb3-bipedalwalker-ppo.monitor.csv"
	assert_success
	run jq -c 'del(.time)' run.tasks.jsonl
	assert_line '{"task":"ml-aos-v1/val_rmse","direction":"min","score_name":"val_rmse","times":"order"}'
	assert_line '{"task":"sb3-bipedalwalker-ppo.monitor/r","direction":"max","score_name":"r"}'
	# Saying it again says nothing new; --mode changes the direction.
	before=$(checksum run.tasks.jsonl)
	imp "$FIXTURES/lightning-csvlogger/ml-aos-v1" 2>/dev/null
	[ "$(checksum run.tasks.jsonl)" = "$before" ]
	imp --mode max "$FIXTURES/lightning-csvlogger/ml-aos-v1" 2>/dev/null
	run jq -c 'del(.time)' run.tasks.jsonl
	assert_line --index 2 '{"task":"ml-aos-v1/val_rmse","direction":"max"}'
}

@test "report and converge compute no rate per hour from order times, and plot draws against episodes" {
	imp "$FIXTURES/rl-monitor/sb3-bipedalwalker-ppo.monitor.csv" 2>/dev/null
	run lt report -f run.jsonl --json
	[ "$(jq '.time_span_hours | type' <<<"$output")" = '"number"' ]
	imp "$FIXTURES/lightning-csvlogger/ml-aos-v1" 2>/dev/null
	run lt report -f run.jsonl --json
	assert_success
	[ "$(jq -c '[.time_span_hours, .learning_dynamics.convergence_analysis.convergence_rate]' <<<"$output")" = '[null,null]' ]
	run lt report -f run.jsonl
	assert_line --regexp '^time span +none: a source of these events had no times$'
	assert_line --regexp '^convergences per hour +none: a source of these events had no times$'
	run lt converge -f run.jsonl --json
	[ "$(jq -c .convergence_rate <<<"$output")" = null ]
	run lt converge -f run.jsonl
	assert_line 'convergence_rate    none: a source of these events had no times'
	# A selection without the imported task has its rate again.
	run lt converge -f run.jsonl --task sb3-bipedalwalker-ppo.monitor/r --json
	[ "$(jq '.convergence_rate | type' <<<"$output")" = '"number"' ]
	run lt plot -f run.jsonl --task ml-aos-v1/val_rmse --script
	assert_success
	assert_line "set xlabel 'episode_count (a source had no times)'"
	# The first point is the first val_rmse, at its step (awk).
	first=$(crlf "$FIXTURES/lightning-csvlogger/ml-aos-v1/metrics.csv" | awk -F, 'NR > 1 && $5 != "" { print $4 " " $5; exit }')
	assert_line "$first"
}

@test "import -e, --time and --format map the columns asked, into a new CSV log" {
	printf 'epoch,acc,loss,lr,batches,wall\n0,0.5,1.2,0.01,100,1795600800\n1,0.6,0.9,0.01,200,1795600860\n2,0.7,0.7,0.005,300,1795600920\n' >train.log
	# run.log's name says no format: --format says CSV
	run lt import --from keras -s acc -e batches --time wall \
	    --format csv -f run.log train.log
	assert_success
	assert_output 'lt import: train/acc: 3 new events'
	run cat run.log
	assert_output 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata
1795600800,train/acc,0.5,0.01,100,1.2,"{""wall"":1795600800,""epoch"":0}"
1795600860,train/acc,0.6,0.01,200,0.9,"{""wall"":1795600860,""epoch"":1}"
1795600920,train/acc,0.7,0.005,300,0.7,"{""wall"":1795600920,""epoch"":2}"'
	run lt import --from keras --format xml -f other.log train.log
	assert_failure 2
	assert_line --index 0 'lt import: --format "xml" is not csv or jsonl'
	[ ! -e other.log ]
}

@test "an imported Lightning RMSE and a Hugging Face eval_loss are read as falling is better, with no flag" {
	run lt import --no-sync --from lightning \
	    "$FIXTURES/lightning-csvlogger/ml-aos-v1" --score val_rmse \
	    --lr-value 1e-3 -f aos.jsonl
	assert_success
	run lt trend ml-aos-v1/val_rmse -f aos.jsonl --window 0 --json
	assert_success
	# the RMSE falls: a negative slope, improving, a positive rate
	jq -e '.trend < 0 and .direction == "improving" and
	    .improvement_rate > 0' <<<"$output"
	run lt report -f aos.jsonl --json
	jq -e '.task_analysis["ml-aos-v1/val_rmse"] | .direction == "min" and
	    .score_name == "val_rmse"' <<<"$output"
	run lt import --no-sync --from hf \
	    "$FIXTURES/hf-trainer-state/mt5-az-summarize-trainer_state.json" \
	    --score eval_loss -f hf.jsonl
	assert_success
	run lt task list -f hf.jsonl --tsv
	assert_line -n 1 --regexp '	min	eval_loss	'
	task=$(lt task list -f hf.jsonl --tsv | awk -F '\t' 'NR == 2 { print $1 }')
	run lt trend "$task" -f hf.jsonl --window 0 --json
	# with --mode max the same fit says the opposite
	dir=$(jq -r .direction <<<"$output")
	run lt trend "$task" -f hf.jsonl --window 0 --mode max --json
	case $dir in
	improving) [ "$(jq -r .direction <<<"$output")" = declining ] ;;
	declining) [ "$(jq -r .direction <<<"$output")" = improving ] ;;
	*) [ "$(jq -r .direction <<<"$output")" = flat ] ;;
	esac
}

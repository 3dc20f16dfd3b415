#!/usr/bin/env bats
# lt import: the logs of training frameworks as events, each format's
# quirks on the real fixtures, cross-checks between formats of one run,
# and bad input leaving the log untouched.

load test_helper

imp() {
	lt import --no-sync -f run.jsonl "$@"
}

# col FIELD: one line per event of the log, the field (jq path).
col() {
	jq -r "$1" run.jsonl
}

@test "import --help prints the usage on stdout" {
	run lt import --help
	assert_success
	assert_line --index 0 --partial 'usage: lt import --from keras|lightning'
}

@test "import needs --from and a source" {
	run lt import "$FIXTURES/yolo-results/yolov10s-edgeagent-results.csv"
	assert_failure 2
	assert_output --partial 'missing --from'
	run lt import --from csv x
	assert_failure 2
	assert_output --partial '--from "csv"'
}

@test "import of a Keras CSVLogger file with CRLF maps epoch, lr, loss, val_accuracy" {
	f=$FIXTURES/keras-csvlogger/brats2020-unet-training.log
	run imp --from keras "$f"
	assert_success
	run col '.episode_count' 
	assert_line --index 0 0
	assert_line --index 23 23
	# The values of the file, column by column, CR stripped.
	expect=$(tr -d '\r' <"$f" | awk -F, 'NR > 1 { print $8 + 0 "\t" $5 + 0 "\t" $4 + 0 }')
	run jq -r '[.performance_score, .learning_rate, .convergence_metric] | @tsv' run.jsonl
	[ "$(printf '%s\n' "$output" | awk -F'\t' '{ print $1 + 0 "\t" $2 + 0 "\t" $3 + 0 }')" = "$expect" ]
	run jq -r '.learning_rate' run.jsonl
	assert_line --index 23 1e-06
	run jq -r '.metadata | keys | join(",")' run.jsonl
	assert_line --index 0 'accuracy,dice_coef,mean_io_u_5,precision,val_dice_coef,val_loss,val_mean_io_u_5,val_precision'
	run jq -r '.task_type' run.jsonl
	assert_line --index 0 brats2020-unet-training
}

@test "import names the option to give when the source has no column for a field" {
	run imp --from keras "$FIXTURES/keras-csvlogger/braincnn-old-acc-training.log"
	assert_failure 2
	assert_output --partial 'has no column for learning_rate; give --lr COL or --lr-value X'
	[ ! -e run.jsonl ]
	run imp --from keras --lr-value 0.001 "$FIXTURES/keras-csvlogger/braincnn-old-acc-training.log"
	assert_success
	f=$FIXTURES/keras-csvlogger/braincnn-old-acc-training.log
	n=$(tr -d '\r' <"$f" | awk -F, '$2 == "0.92483332578688859" { print NR - 2 }')
	run jq -r '.performance_score' run.jsonl
	assert_line --index "$n" 0.9248333257868886
}

@test "import keeps large negative losses of a diverging Keras run" {
	f=$FIXTURES/keras-csvlogger/ecg-negative-loss-training.log
	run imp --from keras --score val_loss "$f"
	assert_failure 2
	assert_output --partial 'step 0: convergence_metric -33834.9765625 is negative'
	run imp --from keras --score val_loss --convergence lr "$f"
	assert_success
	expect=$(awk -F, 'NR > 1 { print $4 }' "$f" | tail -1)
	run jq -r '.performance_score' run.jsonl
	[ "$(awk "BEGIN { print (${lines[69]} == $expect) }")" = 1 ]
	[ "$(awk "BEGIN { print ($expect == -134061704) }")" = 1 ]
}

@test "import merges the sparse rows of a Lightning metrics.csv into one event per step" {
	d=$FIXTURES/lightning-csvlogger/opal-v2-v0
	run imp --from lightning --score val/rmse_loss --convergence train/nll_loss \
	    --skip-invalid "$d"
	assert_success
	# Steps with a value of any column, counted once each.
	steps=$(tr -d '\r' <"$d/metrics.csv" | awk -F, 'NR > 1 { print $3 }' | sort -un | wc -l)
	first=$(tr -d '\r' <"$d/metrics.csv" | awk -F, 'NR > 1 && $5 != "" { print $3; exit }')
	before=$(tr -d '\r' <"$d/metrics.csv" | awk -F, -v f="$first" 'NR > 1 && $3 < f { print $3 }' | sort -un | wc -l)
	[ "$(wc -l <run.jsonl)" -eq $((steps - before)) ]
	run jq -r 'select(.episode_count == 699) | [.learning_rate, .metadata.epoch] | @tsv' run.jsonl
	expect=$(tr -d '\r' <"$d/metrics.csv" | awk -F, '$3 == 699 && $2 != "" { lr = $2 } $3 == 699 && $1 != "" { e = $1 } END { print lr "\t" e }')
	[ "$output" = "$expect" ]
	run jq -r '.task_type' run.jsonl
	assert_line --index 0 opal-v2-v0
}

@test "import without --skip-invalid names the first step with no value yet and writes nothing" {
	run imp --from lightning --score val/rmse_loss --convergence train/nll_loss \
	    "$FIXTURES/lightning-csvlogger/opal-v2-v0"
	assert_failure 2
	assert_output --partial 'metrics.csv:2: step '
	assert_output --partial 'no value of "val/rmse_loss" logged yet'
	[ ! -e run.jsonl ]
}

@test "import reads Lightning column names with spaces and hparams.yaml into metadata" {
	d=$FIXTURES/lightning-csvlogger/chem-mlp-v0
	run imp --from lightning --score 'Valid MSE' --convergence 'Valid MSE' --lr-value 0 "$d"
	assert_success
	run jq -r 'select(.episode_count == 100) | .metadata["Test MSE"]' run.jsonl
	expect=$(awk -F, '$5 == 100 && $1 != "" { print $1 }' "$d/metrics.csv")
	assert_output "$expect"
	run jq -c '.metadata.hparams | keys | length' run.jsonl
	assert_line --index 0 "$(grep -c '^[a-z_]*:' "$d/hparams.yaml")"
	run jq -r 'select(.episode_count == 49) | .metadata["Train loss"]' run.jsonl
	assert_output "$(awk -F, '$5 == 49 && $2 != "" { print $2 }' "$d/metrics.csv")"
}

@test "import of Lightning's old column order puts validation rows at their own step" {
	d=$FIXTURES/lightning-csvlogger/ml-aos-v1
	run imp --from lightning --score val_rmse --convergence train_loss --lr-value 0 --skip-invalid "$d"
	assert_success
	run jq -r 'select(.episode_count == 150) | .performance_score' run.jsonl
	assert_output "$(tr -d '\r' <"$d/metrics.csv" | awk -F, '$4 == 150 { print $5 }')"
	run jq -r '.metadata.hparams.batch_size' run.jsonl
	assert_line --index 0 "$(awk '/^batch_size:/ { print $2 }' "$d/hparams.yaml")"
}

@test "import of a trainer_state.json merges eval entries with the train entry of their step" {
	f=$FIXTURES/hf-trainer-state/mt5-az-summarize-trainer_state.json
	run imp --from hf --score eval_rouge1 --skip-invalid "$f"
	assert_success
	run jq -r 'select(.episode_count == 7000) | [.convergence_metric, .performance_score] | @tsv' run.jsonl
	expect=$(jq -r '[(.log_history[] | select(.step == 7000 and .loss) | .loss), (.log_history[] | select(.step == 7000 and .eval_rouge1) | .eval_rouge1)] | @tsv' "$f")
	assert_output "$expect"
	run jq -r 'select(.episode_count == 7000) | .metadata.hparams.max_steps' run.jsonl
	assert_output 9411
}

@test "import of a trainer_state.json merges the training summary into the last step" {
	f=$FIXTURES/hf-trainer-state/whisper-small-hi-trainer_state.json
	run imp --from hf --score eval_wer "$f" --skip-invalid
	assert_success
	last=$(jq '.log_history[-1].step' "$f")
	run jq -r "select(.episode_count == $last) | [.metadata.total_flos, .metadata.train_loss] | @tsv" run.jsonl
	assert_output "$(jq -r '.log_history[-1] | [.total_flos, .train_loss] | @tsv' "$f")"
	run jq -s -r '.[-1].learning_rate' run.jsonl
	assert_output "$(jq -r '[.log_history[] | select(.learning_rate)][-1].learning_rate' "$f")"
}

@test "import of a Stable-Baselines3 progress.csv uses total_timesteps and keeps % columns" {
	f=$FIXTURES/rl-progress/baselines-deepq-deepcars-progress.csv
	run imp --from sb3 --convergence '% time spent exploring' --lr-value 0 "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 894 ]
	run jq -r '[.episode_count, .performance_score, .metadata.episodes] | @tsv' run.jsonl
	assert_line --index 893 "$(awk -F, 'END { print $4 "\t" $3 "\t" $2 }' "$f")"
}

@test "import of a progress.csv with a first row before any train values needs --skip-invalid" {
	f=$FIXTURES/rl-progress/sb3-ppo-flappybird-progress.csv
	run imp --from sb3 "$f"
	assert_failure 2
	assert_output --partial 'progress.csv:2: step 1: no value of "train/loss" logged yet'
	run imp --from sb3 --skip-invalid "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 47 ]
	run jq -r '.episode_count' run.jsonl
	assert_line --index 0 2048
}

@test "import reads both monitor.csv first-line styles and dates episodes from t_start" {
	for f in sb3-bipedalwalker-ppo baselines-deepcars-0.0; do
		rm -f run.jsonl
		run imp --from sb3 --convergence l --lr-value 0 "$FIXTURES/rl-monitor/$f.monitor.csv"
		assert_success
		t0=$(head -1 "$FIXTURES/rl-monitor/$f.monitor.csv" | sed 's/.*"t_start": *\([0-9.]*\).*/\1/')
		expect=$(awk -F, -v t0="$t0" 'NR == 3 { printf "%d\t%s\t%.3f\n", NR - 2, $1, t0 + $3 }' "$FIXTURES/rl-monitor/$f.monitor.csv")
		run jq -r '[.episode_count, .performance_score, (.timestamp * 1000 | round / 1000)] | @tsv' run.jsonl
		[ "$(printf '%s\n' "$output" | head -1 | awk -F'\t' '{ printf "%d\t%s\t%.3f\n", $1, $2, $3 }')" = "$expect" ]
	done
}

@test "import of YOLOv5's space-padded results.csv with a ':' column" {
	f=$FIXTURES/yolo-results/yolov5-pcb-padded-results.csv
	run imp --from yolo "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 70 ]
	run jq -r '[.episode_count, .performance_score, .learning_rate] | @tsv' run.jsonl
	assert_line --index 69 "$(tr -d '\r' <"$f" | awk -F, 'END { gsub(/ /, ""); split($0, a, ","); print a[1] "\t" a[8] "\t" a[12] }')"
}

@test "import of YOLOv8 results.csv with only the header padded" {
	f=$FIXTURES/yolo-results/yolov8-ppe-header-padded-results.csv
	run imp --from auto "$f"
	assert_success
	assert_output --partial 'auto: reading it as yolo'
	run jq -r '.learning_rate' run.jsonl
	assert_line --index 0 0.070096
}

@test "import of a detectron2 metrics.json turns bare NaN into no value" {
	f=$FIXTURES/detectron2-metrics-json/orbital-frcnn-nan-metrics.json
	run imp --from detectron2 "$f"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 75 ]
	run jq -r 'select(.episode_count == 499) | .metadata | [has("bbox/APm"), has("bbox/AP")] | @tsv' run.jsonl
	assert_output "false	true"
	run jq -r '.convergence_metric' run.jsonl
	assert_line --index 0 "$(head -1 "$f" | sed 's/.*"total_loss": \([0-9.e-]*\).*/\1/')"
}

@test "import of detectron2 Mask R-CNN keys keeps them in metadata" {
	run imp --from detectron2 "$FIXTURES/detectron2-metrics-json/train-detectron2-maskrcnn-5rows-metrics.json"
	assert_success
	run jq -r '.metadata["mask_rcnn/accuracy"] != null' run.jsonl
	assert_line --index 4 true
}

@test "import of an mlruns tree makes each run its own task, skipping .DS_Store" {
	run imp --from mlflow --skip-invalid "$FIXTURES/mlflow-filestore/simcard-yolo-4runs-dsstore"
	assert_success
	run jq -r '.task_type' run.jsonl
	[ "$(printf '%s\n' "$output" | sort -u | tr '\n' ' ')" = "train train2 train3 train4 " ]
	[ "$(grep -c '"task_type":"train2"' run.jsonl)" -eq 88 ]
	[ "$(grep -c '"task_type":"train4"' run.jsonl)" -eq 100 ]
}

@test "import of an MLflow run rebuilds nested metric names, keeps the last duplicate, and dates steps in ms" {
	d=$FIXTURES/mlflow-filestore/yolov10-edgeagent/mlruns/838687865351777662/9665305b94f0475f9d26b1470870a0b8
	run imp --from mlflow "$FIXTURES/mlflow-filestore/yolov10-edgeagent"
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 100 ]
	run jq -r 'select(.episode_count == 99) | [.metadata["metrics/mAP50B"], .timestamp] | @tsv' run.jsonl
	assert_output "$(tail -1 "$d/metrics/metrics/mAP50B" | awk '{ print $2 }')	$(tail -1 "$d/metrics/metrics/mAP50B" | awk '{ printf "%.3f", $1 / 1000 }')"
	run jq -r '.task_type + " " + (.metadata.hparams.epochs | tostring)' run.jsonl
	assert_line --index 0 "yolov10s_ca_final $(cat "$d/params/epochs")"
}

@test "import of the Packt MLflow run with the old meta.yaml is named by its run id" {
	run imp --from mlflow --lr-value 0.001 --score val_f1 --convergence val_cross_entropy \
	    "$FIXTURES/mlflow-filestore/packt-ch08-lightning-autolog/mlruns"
	assert_success
	run jq -r '.task_type' run.jsonl
	assert_line --index 0 d01fc81e11e842f5b9556ae04136c0d3
}

@test "import of TensorBoard event files merges the tags of a step and skips graph_def" {
	run imp --from tensorboard --score episode_reward --convergence loss/value_function_loss --lr-value 0 \
	    --skip-invalid "$FIXTURES/tensorboard/sb2-ppo1-tf1-graph"
	assert_success
	run jq -r '.task_type' run.jsonl
	assert_line --index 0 sb2-ppo1-tf1-graph
	# 28 points of each loss tag, but its steps repeat: one event a step.
	run jq -r 'select(.metadata["loss/loss"] != null) | .episode_count' run.jsonl
	[ "${#lines[@]}" -gt 0 ]
	[ "$(printf '%s\n' "${lines[@]}" | sort -u | wc -l)" -eq "${#lines[@]}" ]
}

@test "import of a Lightning event file with hparams.yaml beside it" {
	d=$FIXTURES/tensorboard/lightning-lstm-textgen/version_0
	run imp --from tensorboard --score val_loss --convergence train_loss --lr-value 0 --skip-invalid "$d"
	assert_success
	run jq -r '.metadata.hparams | length > 0' run.jsonl
	assert_line --index 0 true
	run jq -r '.task_type' run.jsonl
	assert_line --index 0 version_0
}

@test "import reports a header-only event file as a run without values" {
	run imp --from tensorboard "$FIXTURES/tensorboard/sb3-sac-her/events.out.tfevents.1745670089.DESKTOP-OD0P7ID.39348.0"
	assert_success
	assert_output --partial 'has no values; nothing imported'
	[ ! -s run.jsonl ]
}

@test "Keras training.log and its TF2 event files give the same losses per epoch" {
	d=$FIXTURES/tensorboard/keras-tf2-ecg
	lt import --no-sync -f csv.jsonl --from keras --score val_loss "$d/training.log"
	lt import --no-sync -f tb.jsonl --from tensorboard --score epoch_loss --lr-value 0 "$d/train" "$d/validation"
	a=$(jq -r '[.episode_count, .convergence_metric, .performance_score] | @tsv' csv.jsonl)
	b=$(jq -r 'select(.task_type == "train") | [.episode_count, .convergence_metric] | @tsv' tb.jsonl)
	c=$(jq -r 'select(.task_type == "validation" and .episode_count < 16 and .metadata.evaluation_loss_vs_iterations == null) | .performance_score' tb.jsonl)
	[ "$(printf '%s\n' "$a" | cut -f1,2)" = "$b" ]
	[ "$(printf '%s\n' "$a" | cut -f3)" = "$(printf '%s\n' "$c" | head -16)" ] || \
	    [ "$(printf '%s\n' "$a" | cut -f3 | head -13)" = "$(printf '%s\n' "$c" | head -13)" ]
}

@test "YOLO results.csv and the same run in MLflow give the same metrics per epoch" {
	lt import --no-sync -f csv.jsonl --from yolo "$FIXTURES/yolo-results/yolov10s-edgeagent-results.csv"
	lt import --no-sync -f ml.jsonl --from mlflow "$FIXTURES/mlflow-filestore/yolov10-edgeagent"
	# results.csv epochs are 1-based, MLflow steps 0-based.
	jq -r '[.episode_count - 1, .performance_score, .convergence_metric, .learning_rate, .metadata["metrics/mAP50(B)"]] | @tsv' csv.jsonl >a
	jq -r '[.episode_count, .performance_score, .convergence_metric, .learning_rate, .metadata["metrics/mAP50B"]] | @tsv' ml.jsonl >b
	[ "$(wc -l <a)" -eq 100 ]
	# results.csv rounds to 5 significant digits.  The last epoch is
	# re-logged in MLflow after the final validation (its later value is
	# kept), so the cross-check is on epochs 1-99.
	sed -i '$d' a
	sed -i '$d' b
	run awk -F'\t' '{ for (i = 1; i <= 5; i++) { d = $i - $(i + 5); if (d < 0) d = -d; if (d > 5e-6 * ($i < 0 ? -$i : $i) + 1e-9 && d > 6e-6) { print NR, i, $i, $(i + 5); bad = 1 } } } END { exit bad }' <(paste a b)
	assert_success
}

@test "detectron2 metrics.json and its event file give the same total_loss per iteration" {
	lt import --no-sync -f js.jsonl --from detectron2 "$FIXTURES/detectron2-metrics-json/orbital-frcnn-nan-metrics.json"
	lt import --no-sync -f tb.jsonl --from tensorboard "$FIXTURES/tensorboard/detectron2-orbital"
	jq -r '[.episode_count, .convergence_metric] | @tsv' js.jsonl >a
	jq -r '[.episode_count, .convergence_metric] | @tsv' tb.jsonl >b
	[ "$(wc -l <b)" -eq 75 ]
	[ "$(cut -f1 a)" = "$(cut -f1 b)" ]
	# The event file holds float32: equal to 7 significant digits.
	run awk -F'\t' '{ d = $2 - $4; if (d < 0) d = -d; if (d > 1e-6 * $2) bad = 1 } END { exit bad }' <(paste a b)
	assert_success
}

@test "sb3-sac-her progress.csv and its event file agree" {
	d=$FIXTURES/tensorboard/sb3-sac-her
	lt import --no-sync -f csv.jsonl --from sb3 --convergence time/episodes --lr-value 0 "$FIXTURES/rl-progress/sb3-sac-her-progress.csv"
	lt import --no-sync -f tb.jsonl --from tensorboard --convergence time/episodes --lr-value 0 "$d"
	# The two files were written by different sessions of the run (their
	# values differ), so what must agree is their shape: the same metric
	# names, the same reward scale, train-only steps in both.
	a=$(jq -r '.metadata | keys[]' csv.jsonl | sort -u)
	b=$(jq -r '.metadata | keys[]' tb.jsonl | sort -u)
	[ "$a" = "$b" ]
	[ "$(printf '%s\n' "$a" | wc -l)" -eq 5 ]
	[ "$(jq -s -r '.[0].performance_score' csv.jsonl)" = -50 ]
	[ "$(jq -s -r '.[0].performance_score' tb.jsonl)" = -50 ]
	[ "$(jq -r 'select(.metadata["rollout/success_rate"] == null) | .episode_count' csv.jsonl | wc -l)" -eq 6 ]
	[ "$(jq -r 'select(.metadata["rollout/success_rate"] == null) | .episode_count' tb.jsonl | wc -l)" -gt 0 ]
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
	run imp --from tensorboard events.out.tfevents.1.x
	assert_success
	assert_output --regexp 'events.out.tfevents.1.x: record at byte [0-9]+: the file ends [0-9]+ bytes into a record'
	[ "$(wc -l <run.jsonl)" -gt 2 ]
}

@test "import refuses an empty file, a directory without runs and a missing column" {
	record_n run.jsonl 2
	before=$(checksum run.jsonl)
	: >empty.csv
	run imp --from keras empty.csv
	assert_failure 2
	assert_output --partial 'empty.csv: empty file'
	run imp --from auto empty.csv
	assert_failure 2
	mkdir nothing
	run imp --from auto nothing
	assert_failure 2
	assert_output --partial 'nothing: no known runs in this directory'
	run imp --from yolo --score 'metrics/nope' "$FIXTURES/yolo-results/yolov10s-edgeagent-results.csv"
	assert_failure 2
	assert_output --partial 'no column "metrics/nope" (--score)'
	[ "$(checksum run.jsonl)" = "$before" ]
}

@test "import auto recognises each format and says which" {
	run imp --from auto "$FIXTURES/detectron2-metrics-json/medical-waste-frcnn-metrics.json"
	assert_output --partial 'auto: reading it as detectron2'
	run imp --from auto "$FIXTURES/hf-trainer-state/lora-imdb-distilbert-trainer_state.json"
	assert_output --partial 'auto: reading it as hf'
	run imp --from auto "$FIXTURES/lightning-csvlogger/chem-mlp-v0/metrics.csv"
	assert_output --partial 'auto: reading it as lightning'
	run imp --from auto "$FIXTURES/keras-csvlogger/brats2020-unet-training.log"
	assert_output --partial 'auto: reading it as keras'
	run imp --from auto "$FIXTURES/rl-monitor/sb3-bipedalwalker-ppo.monitor.csv"
	assert_output --partial 'auto: reading it as sb3'
	run imp --from auto "$FIXTURES/tensorboard/sb3-sac-her"
	assert_output --partial 'auto: reading it as tensorboard'
	run imp --from auto "$FIXTURES/mlflow-filestore/yolov10-edgeagent"
	assert_output --partial 'auto: reading it as mlflow'
}

@test "import gives sources without times one second a step, the last at the file's mtime" {
	cp "$FIXTURES/keras-csvlogger/brats2020-unet-training.log" t.log
	touch -d @1795600800 t.log
	run imp --from keras t.log
	assert_success
	run jq -r '.timestamp' run.jsonl
	assert_line --index 23 1795600800
	assert_line --index 0 1795600777
}

@test "import --task names the task, and with several runs prefixes each run's name" {
	run imp --from keras --task brats "$FIXTURES/keras-csvlogger/brats2020-unet-training.log"
	assert_success
	run jq -r '.task_type' run.jsonl
	assert_line --index 0 brats
	rm run.jsonl
	run imp --from mlflow --task yolo --skip-invalid "$FIXTURES/mlflow-filestore/simcard-yolo-4runs-dsstore"
	run jq -r '.task_type' run.jsonl
	assert_line yolo/train
	assert_line yolo/train4
}

@test "import writes a CSV log" {
	run lt import --no-sync -f run.csv --from yolo "$FIXTURES/yolo-results/yolov8-ppe-header-padded-results.csv"
	assert_success
	[ "$(wc -l <run.csv)" -eq 11 ]
	run head -1 run.csv
	assert_output 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata'
}
